import Foundation
import Hummingbird
import SandboxSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Sandbox controls over loopback")
struct SandboxControlsTests {
    /// A minimal sandbox: one route, the control middleware and the `/_sandbox/` routes.
    func withEchoServer<T: Sendable>(_ body: (String, SandboxControls) async throws -> T) async throws -> T {
        let controls = SandboxControls()
        return try await SandboxServer.withRunning(host: "127.0.0.1") { onServerRunning in
            let router = Router(context: SandboxRequestContext.self)
            router.add(middleware: SandboxControlMiddleware(controls: controls) { status in
                Response(status: status, body: .init(byteBuffer: ByteBuffer(string: "{\"injected\":\(status.code)}")))
            })
            router.addSandboxRoutes(controls)
            router.get("things/:id") { _, _ in "ok" }
            return Application(
                router: router,
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning
            )
        } body: { address in
            try await body(address.baseURL, controls)
        }
    }

    func send(_ method: String, _ url: String, body: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body?.data(using: .utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    @Test func countsRequestsByRouteTemplate() async throws {
        try await withEchoServer { base, controls in
            let id = UUID().uuidString.lowercased()
            _ = try await send("GET", base + "things/\(id)")
            _ = try await send("GET", base + "things/\(UUID().uuidString)?x=1")
            let (status, body) = try await send("GET", base + "_sandbox/stats")
            #expect(status == 200)
            #expect(body == #"{"requests":{"byRoute":{"GET \/things\/:id":2},"total":2}}"#)
            #expect(controls.stats.snapshot().requests.total == 2)
        }
    }

    /// Requests one after another are never in flight together; requests held back side by side
    /// are, whichever order they end in.
    @Test func recordsTheMostRequestsOfARouteAnsweredAtOnce() async throws {
        try await withEchoServer { base, controls in
            _ = try await send("GET", base + "things/1")
            _ = try await send("GET", base + "things/2")
            #expect(controls.stats.peakInFlight == ["GET /things/:id": 1])
            controls.stats.reset()
            _ = try await send("POST", base + "_sandbox/faults", body: #"{"pathPrefix":"/things/","count":3,"delayMs":1000}"#)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 1...3 { group.addTask { _ = try await send("GET", base + "things/\(id)") } }
                try await group.waitForAll()
            }
            #expect(controls.stats.peakInFlight == ["GET /things/:id": 3])
            #expect(controls.stats.inFlight.isEmpty)
        }
    }

    @Test func injectedStatusAnswersTheNextMatchingRequestsOnly() async throws {
        try await withEchoServer { base, _ in
            let (armed, _) = try await send(
                "POST", base + "_sandbox/faults", body: #"{"method":"GET","pathPrefix":"/things/","count":2,"status":503}"#)
            #expect(armed == 200)
            #expect(try await send("GET", base + "things/1") == (503, #"{"injected":503}"#))
            #expect(try await send("GET", base + "things/2") == (503, #"{"injected":503}"#))
            #expect(try await send("GET", base + "things/3") == (200, "ok"))
        }
    }

    @Test func droppedConnectionIsAnErrorForTheClient() async throws {
        try await withEchoServer { base, _ in
            // libcurl silently retries once on a fresh connection when a reused one dies before
            // answering, so two drops are what a URLSession client needs to see the failure
            // (one, when the first attempt had a fresh connection); then clear what is left.
            _ = try await send("POST", base + "_sandbox/faults", body: #"{"drop":true,"count":2}"#)
            await #expect(throws: (any Error).self) { try await send("GET", base + "things/1") }
            _ = try await send("DELETE", base + "_sandbox/faults")
            #expect(try await send("GET", base + "things/1") == (200, "ok"))
        }
    }

    @Test func malformedFaultIsRefused() async throws {
        try await withEchoServer { base, _ in
            let (status, body) = try await send("POST", base + "_sandbox/faults", body: #"{"pathPrefix":"/x"}"#)
            #expect(status == 400)
            #expect(body == #"{"error":"a fault needs status, delayMs or drop"}"#)
        }
    }

    @Test func clockOffsetIsSetThroughTheControlRoute() async throws {
        try await withEchoServer { base, controls in
            let (status, _) = try await send("POST", base + "_sandbox/clock", body: #"{"offsetSeconds":3600}"#)
            #expect(status == 200)
            #expect(controls.clock.offsetSeconds == 3600)
        }
    }
}

@Suite("Fixed-window limiter")
struct FixedWindowLimiterTests {
    @Test func refusesOverTheLimitAndResetsWithTheWindow() {
        let limiter = FixedWindowLimiter(window: 60, alignment: .wallClock)
        let start = Date(timeIntervalSince1970: 6_000)
        #expect(limiter.consume(key: "k", limit: 2, now: start).allowed)
        #expect(limiter.consume(key: "k", limit: 2, now: start.addingTimeInterval(1)).remaining == 0)
        let refused = limiter.consume(key: "k", limit: 2, now: start.addingTimeInterval(15))
        #expect(!refused.allowed)
        #expect(refused.secondsBeforeReset == 45)
        #expect(limiter.consume(key: "k", limit: 2, now: start.addingTimeInterval(60)).allowed)
    }

    @Test func firstRequestAlignmentOpensTheWindowAtTheFirstRequest() {
        let limiter = FixedWindowLimiter(window: 60, alignment: .firstRequest)
        let start = Date(timeIntervalSince1970: 6_010)
        let first = limiter.consume(key: "ip", limit: 5, now: start)
        #expect(first.isFirstInWindow)
        #expect(first.millisecondsBeforeReset == 60_000)
        #expect(!limiter.consume(key: "ip", limit: 5, now: start.addingTimeInterval(30)).isFirstInWindow)
    }
}
