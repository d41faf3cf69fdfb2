import Foundation

/// Renders validation diagnostics for people (text, Markdown) and machines (JSON).
public enum DiagnosticsRenderer {
    /// One `path:line:column: severity: message` line per diagnostic. `paint` colours the severity
    /// word (identity when output is not a terminal).
    public static func text(_ diagnostics: [Diagnostic], paint: (Diagnostic.Severity, String) -> String = { $1 }) -> String {
        diagnostics.map { "\($0.location): \(paint($0.severity, $0.severity.rawValue + ":")) \($0.message)\n" }.joined()
    }

    /// A JSON array of `{file, line, column, severity, message, code}`, keys sorted.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(diagnostics.map(Entry.init))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A Markdown summary for CI step summaries and pull-request comments.
    public static func markdown(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "### plumbline validate\n\nThe manifests are valid.\n" }
        var lines = ["### plumbline validate", "", summary(diagnostics), "", "| | Location | Problem |", "| --- | --- | --- |"]
        for diagnostic in diagnostics {
            let icon = diagnostic.severity == .error ? "❌" : "⚠️"
            let message = diagnostic.message.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(icon) | `\(diagnostic.location)` | \(message) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2 errors, 1 warning`.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    private struct Entry: Encodable {
        let file: String
        let line: Int
        let column: Int
        let severity: String
        let message: String
        let code: String

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.location.file
            line = diagnostic.location.line
            column = diagnostic.location.column
            severity = diagnostic.severity.rawValue
            message = diagnostic.message
            code = diagnostic.code.rawValue
        }
    }
}
