import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("References in manifest values", .tags(.small))
struct ConfigValueTests {
    @Test func literalTextHasNoReference() throws {
        let value = try ConfigValue.parse("https://api.example.org/").get()
        #expect(value.literalValue == "https://api.example.org/")
        #expect(value.references.isEmpty)
    }

    @Test func referencesAreKeptUnresolvedInOrder() throws {
        let value = try ConfigValue.parse("https://${env:HOST}:${file:secrets/port}/").get()
        #expect(value.literalValue == nil)
        #expect(value.references == [.environment("HOST"), .file("secrets/port")])
        #expect(value.written == "https://${env:HOST}:${file:secrets/port}/")
    }

    @Test(arguments: [
        ("${ENV:X}", "'${ENV:X}' is not a reference plumbline knows; write ${env:NAME} or ${file:PATH}"),
        ("${env:1X}", "'${env:1X}' does not name an environment variable; names are letters, digits and '_', not starting with a digit"),
        ("${env:}", "'${env:}' does not name an environment variable; names are letters, digits and '_', not starting with a digit"),
        ("${file: }", "'${file: }' names no file; write ${file:PATH}"),
        ("${env:X", "'${' is not closed; write ${env:NAME} or ${file:PATH}"),
    ])
    func malformedReferences(text: String, message: String) {
        guard case .failure(let error) = ConfigValue.parse(text) else {
            Issue.record("'\(text)' parsed as a reference")
            return
        }
        #expect(error.message == message)
    }

    @Test func secretsNeverDescribeTheirValue() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "(sensitive value)")
        #expect(String(reflecting: secret) == "(sensitive value)")
        #expect(!String(describing: [secret]).contains("hunter2"))
        #expect(secret.reveal() == "hunter2")
    }
}
