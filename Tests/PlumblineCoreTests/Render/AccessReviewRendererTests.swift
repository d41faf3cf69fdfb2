import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Access review renderers", .tags(.small))
struct AccessReviewRendererTests {
    @Test func theCSVQuotesAsRFC4180Says() {
        let csv = AccessReviewRenderer.csv(AccessReviewTests.review)
        #expect(csv.hasPrefix("section,email,name,status,declared_roles,expires,system,where,stytch_roles,admin,profile_type,policy,resource_type,interactions,criteria,managed,active_since\r\n"))
        #expect(csv.contains("access,frank@eastside.example.org,\"Frank Meyer, Jr.\",offboarded,clinician,"))
        #expect(csv.hasSuffix("\r\n"))
        #expect(CSV.field("say \"hi\"\nthere") == "\"say \"\"hi\"\"\nthere\"")
        #expect(CSV.field("plain") == "plain")
    }

    @Test func markdownAndCSVSnapshots() {
        assertSnapshot(AccessReviewRenderer.markdown(AccessReviewTests.review), named: "review.md")
        assertSnapshot(AccessReviewRenderer.csv(AccessReviewTests.review), named: "review.csv")
        assertSnapshot(AccessReviewRenderer.json(AccessReviewTests.review), named: "review.json")
    }
}
