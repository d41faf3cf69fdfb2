import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Value syntax", .tags(.small))
struct SyntaxTests {
    @Test(arguments: [
        ("https://panels.example.org", true), ("http://localhost:3000", true), ("http://127.0.0.1:8103", true),
        ("http://[::1]:3000", true), ("https://x.org/", false), ("https://x.org/app", false), ("x.org", false),
        ("ftp://x.org", false), ("https://x.org:443", false), ("HTTPS://X.ORG", false), ("https://user@x.org", false),
        ("https://x.org:99999", false), ("*", false), ("https://", false), ("https://x.org?a=1", false),
    ])
    func origins(text: String, valid: Bool) {
        #expect(((try? WebOrigin.parse(text).get()) != nil) == valid)
    }

    @Test func originErrorsSayWhatToWrite() {
        #expect(reason("https://x.org/") == "'https://x.org/' has a trailing slash, which a browser never sends in an origin; write 'https://x.org'")
        #expect(reason("http://x.org:80") == "'http://x.org:80' names the default port, which browsers leave out of an origin; write 'http://x.org'")
        #expect(reason("Https://App.Example.org") == "'Https://App.Example.org' is not written the way browsers send it; write 'https://app.example.org'")
    }

    private func reason(_ origin: String) -> String? {
        guard case .failure(let error) = WebOrigin.parse(origin) else { return nil }
        return error.reason
    }

    @Test(arguments: ["localhost", "app.localhost", "127.0.0.1", "127.10.0.2", "[::1]"])
    func loopbackHosts(host: String) throws {
        #expect(try WebOrigin.parse("http://\(host)").get().isLoopback)
    }

    @Test(arguments: ["example.org", "128.0.0.1", "localhost.example.org", "[::2]"])
    func nonLoopbackHosts(host: String) throws {
        #expect(try !WebOrigin.parse("http://\(host)").get().isLoopback)
    }

    @Test func serverURLsGetATrailingSlashAndRefuseCredentials() throws {
        #expect(try ServerURL.parse("https://api.example.org").get().description == "https://api.example.org/")
        #expect(try ServerURL.parse("http://127.0.0.1:8103/api").get().description == "http://127.0.0.1:8103/api/")
        #expect((try? ServerURL.parse("https://me:pw@api.example.org/").get()) == nil)
        #expect((try? ServerURL.parse("https://api.example.org/?x=1").get()) == nil)
        #expect((try? ServerURL.parse("api.example.org").get()) == nil)
    }

    @Test(arguments: [("30m", 1_800), ("12h", 43_200), ("14d", 1_209_600), ("1w", 604_800), ("1h30m", 5_400), ("45s", 45)])
    func durations(text: String, seconds: Int) {
        #expect(ManifestDuration(text)?.seconds == seconds)
    }

    @Test(arguments: ["", "0m", "12", "h", "12 hours", "30m1h", "1.5h", "-3m", "1h1h"])
    func invalidDurations(text: String) {
        #expect(ManifestDuration(text) == nil)
    }

    @Test func calendarDatesRejectImpossibleDays() {
        #expect(CalendarDate("2027-03-31") == CalendarDate(year: 2027, month: 3, day: 31))
        #expect(CalendarDate("2028-02-29") != nil)
        #expect(CalendarDate("2027-02-29") == nil)
        #expect(CalendarDate("2027-13-01") == nil)
        #expect(CalendarDate("27-03-31") == nil)
        #expect(CalendarDate(year: 2027, month: 3, day: 1).description == "2027-03-01")
    }

    @Test(arguments: [("alice@northside.example.org", true), ("a.b+c@x.io", true), ("alice@", false), ("@x.org", false),
                      ("a..b@x.org", false), ("alice@x", false), ("alice @x.org", false), ("a@b@c.org", false), (".a@x.org", false)])
    func emails(address: String, valid: Bool) {
        #expect(EmailAddress.isValid(address) == valid)
    }

    @Test(arguments: [("northside", true), ("ab", true), ("a.b_c~d-e", true), ("a", false), ("--", false), ("north side", false), ("nörth", false)])
    func slugs(slug: String, valid: Bool) {
        #expect(OrganizationSlug.isValid(slug) == valid)
    }

    @Test func suggestionsPreferCaseOnlyDifferencesAndStayClose() {
        #expect(Suggestion.closest(to: "acessPolicy", in: ["accessPolicy", "admin"]) == "accessPolicy")
        #expect(Suggestion.closest(to: "role", in: ["Role", "User"]) == "Role")
        #expect(Suggestion.closest(to: "Patinet", in: ["Patient", "Practitioner"]) == "Patient")
        #expect(Suggestion.closest(to: "zzzz", in: ["Patient", "Practitioner"]) == nil)
    }
}

