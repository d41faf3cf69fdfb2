import Foundation
@testable import PlumblineMedplum
import PlumblineTestSupport
import Testing

@Suite("Keeping the access token", .tags(.small))
struct TokenCacheTests {
    /// A minute before the server's expiry, or halfway through a token's life when it is short.
    @Test func aTokenIsRenewedAMinuteEarlyOrHalfwayThroughAShortLife() {
        let minute = Duration.seconds(60)
        #expect(TokenCache.renewal(lifetime: .seconds(3_600), margin: minute) == .seconds(3_540))
        #expect(TokenCache.renewal(lifetime: .seconds(120), margin: minute) == .seconds(60))
        #expect(TokenCache.renewal(lifetime: .seconds(30), margin: minute) == .seconds(15))
        #expect(TokenCache.renewal(lifetime: .zero, margin: minute) == .zero)
        #expect(TokenCache.renewal(lifetime: .seconds(-5), margin: minute) == .zero, "a server's nonsense is used once")
    }

    @Test func aShortLivedTokenIsFetchedOnceForCallsWithinHalfItsLife() async throws {
        let cache = TokenCache()
        let fetches = Counter()
        for _ in 0..<5 {
            let token = try await cache.token {
                fetches.increment()
                return ("token", .seconds(30))
            }
            #expect(token == "token")
        }
        #expect(fetches.value == 1)
    }
}
