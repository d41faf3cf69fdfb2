import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Lowering e-mails", .tags(.small))
struct LowercaseTests {
    /// The same result as `lowercased()`, whether or not there is anything to lower.
    @Test(arguments: ["alice@eastside.example.org", "Alice@EastSide.Example.ORG", "ÉLODIE@école.example.fr", "ǅemal@x.org", "", "a", "Z"])
    func agreesWithLowercased(text: String) {
        #expect(text.lowercasedIfNeeded == text.lowercased())
    }
}
