import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

/// One broken manifest set of `Tests/Fixtures/invalid/`, with its golden `expected.txt`.
struct BadManifest: CustomTestStringConvertible, Sendable {
    let name: String
    var directory: URL { RepositoryPaths.fixtures.appendingPathComponent("invalid/\(name)") }
    var golden: URL { directory.appendingPathComponent("expected.txt") }
    var testDescription: String { name }

    static let all: [BadManifest] = {
        let root = RepositoryPaths.fixtures.appendingPathComponent("invalid")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map(BadManifest.init)
    }()
}

@Suite("The bad-manifest corpus", .tags(.small))
struct BadManifestCorpusTests {
    @Test func theCorpusIsLargeEnough() {
        #expect(BadManifest.all.count >= 25)
    }

    /// Each case produces exactly its golden diagnostics (file, line, column, severity, message).
    /// `PLUMBLINE_RECORD=1 swift test` rewrites the goldens; recording fails the run on purpose.
    @Test(arguments: BadManifest.all)
    func producesExactlyItsGoldenDiagnostics(_ manifest: BadManifest) throws {
        let report = Validator.validate(try sourceFiles(in: manifest.directory))
        let actual = report.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        #expect(report.hasErrors, "every corpus case must be invalid")
        if RepositoryPaths.recording {
            try actual.write(to: manifest.golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(manifest.golden.path)")
            return
        }
        let expected = try String(contentsOf: manifest.golden, encoding: .utf8)
        #expect(actual == expected, "\(unifiedDiff(expected: expected, actual: actual))")
    }
}

/// A line diff that shows what was expected and what came instead.
func unifiedDiff(expected: String, actual: String) -> String {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let difference = actualLines.difference(from: expectedLines)
    return difference.map { change in
        switch change {
        case .remove(_, let line, _): "- \(line)"
        case .insert(_, let line, _): "+ \(line)"
        }
    }.joined(separator: "\n")
}
