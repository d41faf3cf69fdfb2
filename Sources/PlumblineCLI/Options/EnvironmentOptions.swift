import ArgumentParser

/// `--env NAME`: which environment of the manifests a command talks to.
struct EnvironmentOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The environment to use, as named by an Environment manifest.", valueName: "name"))
    var env: String?
}
