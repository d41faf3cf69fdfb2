import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Rendering diagnostics", .tags(.small))
struct DiagnosticsRendererTests {
    let diagnostics = [
        Diagnostic(.error, Diagnostic.Code("unknown-key"), at: SourceLocation(file: "Manifests/roles.yaml", line: 3, column: 1), "unknown key 'x' in Role 'a'; did you mean 'y'?"),
        Diagnostic(.warning, Diagnostic.Code("least-privilege"), at: SourceLocation(file: "Manifests/roles.yaml", line: 9, column: 5), "Role 'a' | wide"),
    ]

    @Test func textIsOneLinePerDiagnostic() {
        #expect(DiagnosticsRenderer.text(diagnostics) == """
            Manifests/roles.yaml:3:1: error: unknown key 'x' in Role 'a'; did you mean 'y'?
            Manifests/roles.yaml:9:5: warning: Role 'a' | wide

            """)
    }

    @Test func jsonIsAnArrayOfLocatedEntries() throws {
        let data = Data(DiagnosticsRenderer.json(diagnostics).utf8)
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["file"] as? String == "Manifests/roles.yaml")
        #expect(entries[0]["line"] as? Int == 3)
        #expect(entries[0]["column"] as? Int == 1)
        #expect(entries[0]["severity"] as? String == "error")
        #expect(entries[0]["message"] as? String == "unknown key 'x' in Role 'a'; did you mean 'y'?")
        #expect(entries[0]["code"] as? String == "unknown-key")
        #expect(entries[1]["severity"] as? String == "warning")
        #expect(DiagnosticsRenderer.json([]) == "[\n\n]\n")
    }

    @Test func markdownEscapesTableCellsAndSummarises() {
        #expect(DiagnosticsRenderer.markdown(diagnostics) == """
            ### plumbline validate

            1 error, 1 warning

            | | Location | Problem |
            | --- | --- | --- |
            | ❌ | `Manifests/roles.yaml:3:1` | unknown key 'x' in Role 'a'; did you mean 'y'? |
            | ⚠️ | `Manifests/roles.yaml:9:5` | Role 'a' \\| wide |

            """)
        #expect(DiagnosticsRenderer.markdown([]) == "### plumbline validate\n\nThe manifests are valid.\n")
    }

    @Test func diagnosticsSortByLocationThenSeverity() {
        let location = SourceLocation(file: "a.yaml", line: 2, column: 3)
        let sorted = [
            Diagnostic(.warning, Diagnostic.Code("w"), at: location, "b"),
            Diagnostic(.error, Diagnostic.Code("e"), at: SourceLocation(file: "a.yaml", line: 10, column: 1), "c"),
            Diagnostic(.error, Diagnostic.Code("e"), at: location, "z"),
        ].sorted()
        #expect(sorted.map(\.message) == ["z", "b", "c"])
    }
}
