import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

/// Feeds truncated and mutated copies of the example manifests to the validator: it must never
/// crash, and every diagnostic it gives must point inside the file it names.
@Suite("Validation of damaged manifests", .tags(.small))
struct RobustnessTests {
    static let fragments = [
        ":", "- ", "[", "]", "{", "}", "\"", "'", "\t", "\n", "---\n", "&a ", "*a", "!!int ", "#", "${env:", "${file:x}",
        "kind: Role\n", "name: ", "  ", "é", "\u{0}", "null", "~", "? ", "|\n", ">\n", "@", "`", "%YAML 1.1\n",
    ]

    static let examples: [SourceFile] = (try? sourceFiles(in: RepositoryPaths.manifests)) ?? []

    @Test func truncatedExamplesAlwaysGiveLocatedAnswers() {
        #expect(!Self.examples.isEmpty)
        for file in Self.examples {
            let scalars = Array(file.text.unicodeScalars)
            for cut in stride(from: 0, to: scalars.count, by: max(1, scalars.count / 60)) {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[..<cut])
                check(SourceFile(path: file.path, text: String(text)))
            }
        }
    }

    @Test(arguments: Fuzzing.seeds(8))
    func mutatedExamplesAlwaysGiveLocatedAnswers(seed: Int) {
        var random = Mutator.Generator(seed: UInt64(seed) &* 7919 &+ 1)
        for _ in 0..<40 {
            let mutated = Self.examples.map { file in
                var scalars = Array(file.text.unicodeScalars)
                for _ in 0..<Int.random(in: 1...6, using: &random) where !scalars.isEmpty {
                    let position = Int.random(in: 0..<scalars.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: scalars.remove(at: position)
                    case 1: scalars.insert(contentsOf: Self.fragments.randomElement(using: &random)!.unicodeScalars, at: position)
                    default: scalars.swapAt(position, Int.random(in: 0..<scalars.count, using: &random))
                    }
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                return SourceFile(path: file.path, text: String(view))
            }
            let report = Validator.validate(mutated)
            for diagnostic in report.diagnostics { expectLocated(diagnostic, in: mutated) }
        }
    }

    private func check(_ file: SourceFile) {
        let report = Validator.validate([file])
        for diagnostic in report.diagnostics { expectLocated(diagnostic, in: [file]) }
    }

    private func expectLocated(_ diagnostic: Diagnostic, in files: [SourceFile]) {
        guard let file = files.first(where: { $0.path == diagnostic.location.file }) else {
            Issue.record("\(diagnostic) names a file that was not validated")
            return
        }
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect((1...max(1, lines.count + 1)).contains(diagnostic.location.line), "\(diagnostic) points past the end of the file")
        #expect(diagnostic.location.column >= 1, "\(diagnostic)")
        #expect(!diagnostic.message.isEmpty)
    }
}
