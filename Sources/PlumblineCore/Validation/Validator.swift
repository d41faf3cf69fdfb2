/// A check across fields or documents, run after every document has been decoded.
public protocol ValidationRule: Sendable {
    /// A stable identifier, e.g. `references`.
    var id: String { get }
    /// One line saying what the rule protects against.
    var summary: String { get }
    func check(_ manifests: ManifestSet) -> [Diagnostic]
}

/// The outcome of validating a set of manifest files.
public struct ValidationReport: Sendable {
    /// What could be decoded; complete only when `hasErrors` is false.
    public let manifests: ManifestSet
    /// Every problem, sorted by file, line and column.
    public let diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.containsErrors }
}

/// Offline validation of manifests (DESIGN §2): decoding, then every rule, all problems at once.
public enum Validator {
    /// The cross-document rules, in the order they run.
    public static let rules: [any ValidationRule] = [
        DuplicateRule(),
        ReferenceRule(),
        PersonRule(),
        InsecureTransportRule(),
        LiteralSecretRule(),
        LeastPrivilegeRule(),
        AcknowledgementRule(),
        AdoptionRule(),
    ]

    /// Validates `files` without touching the network, the environment or any other file.
    public static func validate(_ files: [SourceFile]) -> ValidationReport {
        let (manifests, decodingDiagnostics) = ManifestLoader.load(files)
        let ruleDiagnostics = rules.flatMap { $0.check(manifests) }
        return ValidationReport(manifests: manifests, diagnostics: (decodingDiagnostics + ruleDiagnostics).sorted())
    }
}
