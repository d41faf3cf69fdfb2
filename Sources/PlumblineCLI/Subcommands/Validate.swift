import ArgumentParser
import PlumblineCore

extension PlumblineCommand {
    /// `plumbline validate`: offline validation of the manifests (DESIGN §2), every problem at once.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check the manifests offline and report every problem at once.",
            discussion: """
                Prints one line per problem, PATH:LINE:COLUMN: error|warning: MESSAGE, sorted by file and \
                line. Never opens a network connection. Exits 0 when there is no error, 65 otherwise.
                """
        )

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() async throws {
            let console = Console.current
            let validation = try ManifestValidation.run(directory: manifestOptions.manifests)
            let style = TerminalStyle(enabled: console.isTerminal)
            switch outputOptions.output {
            case .text:
                console.write(DiagnosticsRenderer.text(validation.diagnostics) { severity, word in
                    severity == .error ? style.red(word) : style.yellow(word)
                })
                console.printError(validation.summaryLine)
            case .json:
                console.write(DiagnosticsRenderer.json(validation.diagnostics))
            case .markdown:
                console.write(DiagnosticsRenderer.markdown(validation.diagnostics))
            }
            if validation.diagnostics.containsErrors { throw ExitStatus.invalidManifests.exitCode }
        }
    }
}
