/// A manifest file as text, with the path diagnostics should name.
///
/// The core never opens files: the CLI reads them and hands them over, so validation and
/// planning can be tested with in-memory input.
public struct SourceFile: Sendable, Hashable {
    /// The path as the user should see it in diagnostics (for example `Manifests/users.yaml`).
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Decodes raw bytes as UTF-8, or returns the diagnostic to report when they are not.
    public static func decode(path: String, bytes: [UInt8]) -> Result<SourceFile, Diagnostic> {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Diagnostic(
                .error, .invalidEncoding, at: SourceLocation(file: path, line: 1, column: 1),
                "file is not valid UTF-8; save it as UTF-8"
            ))
        }
        return .success(SourceFile(path: path, text: text))
    }
}
