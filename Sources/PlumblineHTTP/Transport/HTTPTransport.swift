import Foundation
import Logging
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The one HTTP transport every provider shares (DESIGN §4): URLSession (libcurl on Linux) with
/// connection reuse, a rate-limit gate per server, retries that honour `Retry-After` and
/// `RateLimit`, a per-request timeout, plain http refused outside loopback, a request counter and
/// redaction of every registered secret in logs and errors.
public final class HTTPTransport: Sendable {
    public struct Configuration: Sendable {
        public var limits: ServerLimits
        /// Limits for particular servers, keyed by `host:port`.
        public var limitsByServer: [String: ServerLimits]
        public var retry: RetryPolicy
        public var timeout: Duration
        /// Refuse every request that is not a read (`HTTPRequest.isRead`): what makes a command
        /// such as `drift` read-only by construction, whatever code it calls.
        public var readOnly: Bool

        public init(
            limits: ServerLimits = .standard, limitsByServer: [String: ServerLimits] = [:],
            retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(30), readOnly: Bool = false
        ) {
            self.limits = limits
            self.limitsByServer = limitsByServer
            self.retry = retry
            self.timeout = timeout
            self.readOnly = readOnly
        }
    }

    public let counter = RequestCounter()
    public let redactor: Redactor
    private let configuration: Configuration
    private let session: URLSession
    private let logger: Logger
    private let gates = Mutex<[String: HostGate]>([:])

    public init(configuration: Configuration = Configuration(), redactor: Redactor = Redactor(), logger: Logger = Logger(label: "plumbline.http")) {
        self.configuration = configuration
        self.redactor = redactor
        self.logger = logger
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.urlCache = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.httpMaximumConnectionsPerHost = max(
            configuration.limits.maxConcurrentRequests,
            configuration.limitsByServer.values.map(\.maxConcurrentRequests).max() ?? 0
        )
        session = URLSession(configuration: sessionConfiguration)
    }

    /// Sends `request`, waiting its turn and retrying as its `RetryClass` allows. Returns the last
    /// response whatever its status (providers turn error statuses into their own errors); throws
    /// only when no response could be had.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if configuration.readOnly && !request.isRead { throw ReadOnlyViolation(request: request.countedAs) }
        let server = try Self.server(of: request.url)
        counter.recordRequest(request.countedAs, host: server)
        let gate = gate(for: server)
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw TransportError.cancelled }
            do { try await gate.acquire() } catch { throw TransportError.cancelled }
            counter.recordAttempt()
            let started = ContinuousClock.now
            let outcome: Result<HTTPResponse, any Error>
            do { outcome = .success(try await perform(request)) } catch { outcome = .failure(error) }
            await gate.release()
            let elapsed = ContinuousClock.now - started
            switch outcome {
            case .success(let response):
                let limits = RateLimitHeaders(response)
                if let exhausted = limits.exhaustedFor { await gate.pause(for: exhausted) }
                log(request, "→ \(response.status) in \(elapsed.formatted(.units(allowed: [.milliseconds])))", attempt: attempt)
                let decision = configuration.retry.decide(status: response.status, headers: limits, attempt: attempt, retryClass: request.retry)
                guard case .retry(let wait) = decision else { return response }
                if response.status == 429 { await gate.pause(for: wait) }
                log(request, "retrying after HTTP \(response.status) in \(wait.formatted(.units(allowed: [.seconds, .milliseconds])))", attempt: attempt)
                try await sleep(wait)
            case .failure(let error):
                let reachedServer = Self.mayHaveReachedServer(error)
                let reason = redactor.redact(Self.describe(error))
                log(request, "failed: \(reason)", attempt: attempt)
                let decision = configuration.retry.decide(transportFailureReachedServer: reachedServer, attempt: attempt, retryClass: request.retry)
                guard case .retry(let wait) = decision else {
                    throw TransportError.unreachable(request: request.countedAs, host: server, reason: reason, attempts: attempt)
                }
                try await sleep(wait)
            }
        }
    }

    private func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body
        let timeout = request.timeout ?? configuration.timeout
        // libcurl counts whole seconds: anything shorter would time out at once.
        urlRequest.timeoutInterval = max(1, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        let (data, response) = try await session.cancellableData(for: urlRequest)
        guard let http = response as? HTTPURLResponse else {
            throw URLError(.badServerResponse)
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    private func sleep(_ duration: Duration) async throws {
        do { try await Task.sleep(for: duration) } catch { throw TransportError.cancelled }
    }

    private func gate(for server: String) -> HostGate {
        gates.withLock { gates in
            if let gate = gates[server] { return gate }
            let gate = HostGate(limits: configuration.limitsByServer[server] ?? configuration.limits)
            gates[server] = gate
            return gate
        }
    }

    /// The message is made only when debug logging is on: formatting a duration loads ICU.
    private func log(_ request: HTTPRequest, _ message: @autoclosure () -> String, attempt: Int) {
        logger.debug("\(request.countedAs) \(redactor.redact(message()))", metadata: ["attempt": "\(attempt)"])
    }

    /// `host:port` of `url`, after refusing plain http to anything but loopback.
    static func server(of url: URL) throws -> String {
        let host = url.host ?? ""
        let scheme = url.scheme?.lowercased() ?? ""
        if scheme == "http" && !isLoopback(host) { throw TransportError.insecureURL(host: host) }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether a failed attempt may have been processed: only a connection that was never made
    /// proves it was not.
    static func mayHaveReachedServer(_ error: any Error) -> Bool {
        guard let urlError = error as? URLError else { return true }
        switch urlError.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .secureConnectionFailed:
            return false
        default:
            return true
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return String(describing: error) }
        switch urlError.code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "connection refused"
        case .networkConnectionLost: return "connection lost"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        default: return urlError.localizedDescription
        }
    }
}
