import Foundation
@testable import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Hostile manifests", .tags(.small))
struct HostileInputTests {
    @Test func aliasesAndAnchorsAreRefusedBeforeTheDocumentIsComposed() {
        expectDiagnostics("kind: Role\nname: x\nstytch: { roles: 1️⃣*shared }\n", [
            DiagnosticSpec("1️⃣", "an alias ('*…'): manifests may not use YAML anchors or aliases; write the value out"),
        ])
    }

    @Test func starsAndAmpersandsInTextAreNotAliases() {
        expectDiagnostics("""
            kind: Role
            name: "R&D *team*"
            description: |
              **bold** & *emphasis* — not aliases
              - *still text*
            stytch: { roles: ["*quoted", 'also &quoted'] }
            """, [])
    }

    @Test func aBillionLaughsIsAnsweredAtOnce() {
        let levels = (1...12).map { level in "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",") + "]" }
        let text = "kind: Role\nname: laughs\nl0: &l0 [lol]\n" + levels.joined(separator: "\n") + "\n? *l12\n: boom\n"
        let clock = ContinuousClock()
        let started = clock.now
        let report = Validator.validate([SourceFile(path: "laughs.yaml", text: text)])
        #expect(report.diagnostics.map(\.description) == ["laughs.yaml:3:5: error: an anchor ('&…'): manifests may not use YAML anchors or aliases; write the value out"])
        // Not a timing assertion on the validator's speed: a bound that only an exponential blow-up crosses.
        #expect(clock.now - started < .seconds(30))
    }

    @Test func controlCharactersNeverReachTheOutputRaw() {
        let report = Validator.validate([SourceFile(path: "x.yaml", text: "kind: Role\nname: x\nstytch: { roles: [a] }\n\"ke\\u001b[2Jy\": 1\n")])
        #expect(report.diagnostics.count == 1)
        #expect(!report.diagnostics[0].message.unicodeScalars.contains { $0.value == 0x1B })
        #expect(report.diagnostics[0].message.contains("\\u{1B}"))
    }

    @Test func nestingDeeperThanAThousandLevelsIsALocatedError() {
        let text = "kind: Role\nname: x\nstytch: { roles: " + String(repeating: "[", count: 100_000) + "\n"
        let report = Validator.validate([SourceFile(path: "deep.yaml", text: text)])
        #expect(report.diagnostics.map(\.description) == [
            "deep.yaml:3:19: error: invalid YAML: nested more than 1000 levels deep; a manifest needs a handful",
        ])
    }

    @Test func aRawControlCharacterIsRefusedWhereItStands() {
        expectDiagnostics("kind: Role\nname: Ré1️⃣\u{07}x\nstytch: { roles: [a] }\n", [
            DiagnosticSpec("1️⃣", .error, "cannot read YAML: control characters are not allowed; remove the character"),
        ])
    }

    /// `AliasScan` reads lines, not YAML: should it ever miss one, composing refuses it all the same.
    @Test func theComposerRefusesAnchorsAndAliasesItself() throws {
        var text = "a: &x [1]\nb: *x\n"
        let failure = text.withUTF8 { bytes -> YAMLSyntaxError? in
            var composer = YAMLComposer(bytes)
            do throws(YAMLSyntaxError) { _ = try composer.nextDocument(); return nil } catch { return error }
        }
        let error = try #require(failure)
        guard case .anchorOrAlias("&") = error.kind else { Issue.record("\(error.kind)"); return }
        #expect((error.line, error.column) == (1, 4))
    }
}
