import PlumblineCore
import Testing

/// An expected diagnostic at a marker of a `MarkedText`.
public struct DiagnosticSpec: Sendable {
    public let marker: String
    public let severity: Diagnostic.Severity
    public let message: String
    /// The file the marker is in, when a test validates several.
    public let file: String

    public init(_ marker: String, _ severity: Diagnostic.Severity, _ message: String, file: String = "test.yaml") {
        self.marker = marker
        self.severity = severity
        self.message = message
        self.file = file
    }

    /// An expected error.
    public init(_ marker: String, _ message: String, file: String = "test.yaml") {
        self.init(marker, .error, message, file: file)
    }
}

/// Validates the marked files and checks that exactly the expected diagnostics come out: any
/// unexpected diagnostic fails the test (SwiftPM's "unchecked diagnostics").
public func expectDiagnostics(
    _ files: [String: String], _ expected: [DiagnosticSpec], sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    var sources: [SourceFile] = []
    var markers: [String: [String: (line: Int, column: Int)]] = [:]
    for (path, marked) in files {
        let text = MarkedText(marked)
        sources.append(SourceFile(path: path, text: text.text))
        markers[path] = text.markerLocations
    }
    let actual = Validator.validate(sources).diagnostics
    var unmatched = actual
    for spec in expected {
        guard let position = markers[spec.file]?[spec.marker] else {
            Issue.record("marker \(spec.marker) is not in \(spec.file)", sourceLocation: sourceLocation)
            continue
        }
        let wanted = "\(spec.file):\(position.line):\(position.column): \(spec.severity.rawValue): \(spec.message)"
        if let index = unmatched.firstIndex(where: { $0.description == wanted }) {
            unmatched.remove(at: index)
        } else {
            Issue.record("expected diagnostic not produced:\n  \(wanted)\nproduced:\n\(actual.map { "  \($0)" }.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
    }
    for diagnostic in unmatched {
        Issue.record("unexpected diagnostic: \(diagnostic)", sourceLocation: sourceLocation)
    }
}

/// `expectDiagnostics` for a single file named `test.yaml`.
public func expectDiagnostics(
    _ marked: String, _ expected: [DiagnosticSpec], sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    expectDiagnostics(["test.yaml": marked], expected, sourceLocation: sourceLocation)
}
