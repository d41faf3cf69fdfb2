import Foundation
import PlumblineHTTP
import PlumblineTestSupport
import Testing

@Suite("The HTTP transport over loopback", .tags(.medium))
struct HTTPTransportTests {
    /// Fast retries so the suite stays quick; waits the server asks for are still honoured.
    let transport = HTTPTransport(configuration: .init(
        limits: ServerLimits(requestsPerSecond: 1_000, burst: 100, maxConcurrentRequests: 2),
        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
    ))

    func request(_ method: HTTPMethod, _ base: URL, _ path: String) -> HTTPRequest {
        HTTPRequest(method: method, url: base.appendingPathComponent(path), route: "/\(path)")
    }

    @Test func tooManyRequestsIsRetriedEvenForWritesAfterTheServersWait() async throws {
        let server = ScriptedServer()
        server.script("/invite", [.init(status: 429, headers: ["RateLimit": "\"requests\";r=0;t=0"])])
        let response = try await server.run { base in try await transport.send(request(.post, base, "invite")) }
        #expect(response.status == 200)
        #expect(server.attempts("/invite") == 2)
        #expect(transport.counter.snapshot().byRoute == ["POST /invite": 1])
        #expect(transport.counter.snapshot().attempts == 2)
    }

    @Test func serverErrorsAreRetriedForIdempotentRequestsOnly() async throws {
        let server = ScriptedServer()
        server.script("/read", [.init(status: 503), .init(status: 502)])
        server.script("/create", [.init(status: 503)])
        let (read, create) = try await server.run { base in
            (try await transport.send(request(.get, base, "read")), try await transport.send(request(.post, base, "create")))
        }
        #expect(read.status == 200)
        #expect(server.attempts("/read") == 3)
        #expect(create.status == 503, "a write that may have been processed is never sent twice")
        #expect(server.attempts("/create") == 1)
    }

    @Test func retriesStopAfterTheLastAttemptAndReturnTheServersAnswer() async throws {
        let server = ScriptedServer()
        server.script("/busy", Array(repeating: .init(status: 503, body: "busy"), count: 5))
        let response = try await server.run { base in try await transport.send(request(.get, base, "busy")) }
        #expect(response.status == 503)
        #expect(String(decoding: response.body, as: UTF8.self) == "busy")
        #expect(server.attempts("/busy") == 3)
    }

    @Test func aRefusedConnectionIsRetriedThenReported() async throws {
        let closed = URL(string: "http://127.0.0.1:9/nothing")!
        await #expect(throws: TransportError.unreachable(request: "POST /nothing", host: "127.0.0.1:9", reason: "connection refused", attempts: 3)) {
            try await transport.send(HTTPRequest(method: .post, url: closed, route: "/nothing"))
        }
    }

    @Test func plainHTTPOutsideLoopbackIsRefusedBeforeAnythingIsSent() async {
        await #expect(throws: TransportError.insecureURL(host: "medplum.example.org")) {
            try await transport.send(HTTPRequest(method: .get, url: URL(string: "http://medplum.example.org/fhir/R4/Patient")!, route: "/fhir/R4/Patient"))
        }
        #expect(transport.counter.snapshot().attempts == 0)
    }

    @Test func requestsInFlightStayWithinTheServersBound() async throws {
        let server = ScriptedServer()
        server.script("/slow", Array(repeating: .init(status: 200, delayMilliseconds: 40), count: 8))
        try await server.run { base in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await transport.send(request(.get, base, "slow")) } }
                try await group.waitForAll()
            }
        }
        #expect(server.attempts("/slow") == 8)
        #expect(server.maxInFlight <= 2)
    }
}

@Suite("Rate-limit headers and retry decisions", .tags(.small))
struct RetryDecisionTests {
    @Test func medplumsRateLimitHeaderNamesTheExhaustedBudget() {
        let response = HTTPResponse(status: 429, headers: ["RateLimit": "\"requests\";r=12;t=60, \"fhirInteractions\";r=0;t=17"], body: Data())
        let headers = RateLimitHeaders(response)
        #expect(headers.exhaustedFor == .seconds(17))
        #expect(headers.longestReset == .seconds(60))
        #expect(headers.retryAfter == nil)
        #expect(headers.waitAfterTooManyRequests == .seconds(17))
    }

    @Test func retryAfterTakesSecondsOrAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RateLimitHeaders(HTTPResponse(status: 429, headers: ["Retry-After": "3"], body: Data()), now: now).retryAfter == .seconds(3))
        let date = HTTPResponse(status: 503, headers: ["retry-after": "Tue, 14 Nov 2023 22:13:30 GMT"], body: Data())
        #expect(RateLimitHeaders(date, now: now).retryAfter == .seconds(10))
    }

    @Test func writesAreRetriedOnlyWhenTheServerCannotHaveProcessedThem() {
        let policy = RetryPolicy(maxAttempts: 4)
        let none = RateLimitHeaders(HTTPResponse(status: 200, headers: [:], body: Data()))
        #expect(policy.decide(status: 503, headers: none, attempt: 1, retryClass: .onlyIfNotProcessed) == .stop)
        #expect(policy.decide(status: 400, headers: none, attempt: 1, retryClass: .idempotent) == .stop)
        #expect(policy.decide(status: 503, headers: none, attempt: 4, retryClass: .idempotent) == .stop)
        #expect(policy.decide(transportFailureReachedServer: true, attempt: 1, retryClass: .onlyIfNotProcessed) == .stop)
        if case .stop = policy.decide(transportFailureReachedServer: false, attempt: 1, retryClass: .onlyIfNotProcessed) {
            Issue.record("a connection that was never made is safe to retry")
        }
        let asked = RateLimitHeaders(HTTPResponse(status: 429, headers: ["Retry-After": "7"], body: Data()))
        #expect(policy.decide(status: 429, headers: asked, attempt: 1, retryClass: .onlyIfNotProcessed) == .retry(after: .seconds(7)))
        let tooLong = RateLimitHeaders(HTTPResponse(status: 429, headers: ["Retry-After": "3600"], body: Data()))
        #expect(policy.decide(status: 429, headers: tooLong, attempt: 1, retryClass: .idempotent) == .stop)
    }

    @Test func backoffGrowsAndStaysCapped() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for _ in 0..<20 {
            #expect((.milliseconds(50)...(.milliseconds(100))).contains(policy.backoff(attempt: 1)))
            #expect((.milliseconds(200)...(.milliseconds(400))).contains(policy.backoff(attempt: 3)))
            #expect((.milliseconds(500)...(.seconds(1))).contains(policy.backoff(attempt: 10)))
        }
    }

    @Test func redactionRemovesEveryRegisteredSecret() {
        let redactor = Redactor()
        redactor.register("hunter2-secret")
        redactor.register("abc")
        #expect(redactor.redact("token hunter2-secret expired; abc stays") == "token (redacted) expired; abc stays")
    }
}
