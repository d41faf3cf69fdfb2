import ArgumentParser

/// `--manifests DIR`, taken by every command that reads manifests.
struct ManifestOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory of manifests, read recursively.", valueName: "dir"))
    var manifests: String = "Manifests"
}

/// `--output text|json|markdown` (DESIGN §3).
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Option(name: .long, help: "How to render the result: text (default), json or markdown.")
    var output: Format = .text
}
