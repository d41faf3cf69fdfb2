import ArgumentParser

/// `--env NAME` or `--sandbox`: which servers a command talks to.
struct EnvironmentOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The environment to use, as named by an Environment manifest.", valueName: "name"))
    var env: String?

    @Flag(name: .long, help: "Start both emulators inside this run, seeded with a demo project, and use the 'sandbox' environment against them: no server, no credentials.")
    var sandbox = false

    func validate() throws {
        if sandbox, let env, env != "sandbox" {
            throw ValidationError("--sandbox uses the 'sandbox' environment; leave out --env \(env)")
        }
    }
}
