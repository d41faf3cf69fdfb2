import Foundation

/// When and how long to wait before sending a failed request again: jittered exponential
/// backoff, server-given waits honoured (capped), and never a second copy of a write that may
/// already have been processed.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest server-requested wait plumbline accepts before giving up instead.
    public var maxServerWait: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(20), maxServerWait: Duration = .seconds(120)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerWait = maxServerWait
    }

    /// What to do after an attempt.
    public enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        case stop
    }

    /// Statuses that say "not now" rather than "no".
    static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 500 || status == 502 || status == 503 || status == 504
    }

    /// After a response with `status`.
    public func decide(status: Int, headers: RateLimitHeaders, attempt: Int, retryClass: RetryClass) -> Decision {
        guard attempt < maxAttempts, Self.isRetryable(status: status) else { return .stop }
        if status == 429 {
            // The server refused to process the request, so even a write is safe to repeat.
            guard let wait = headers.waitAfterTooManyRequests else { return .retry(after: backoff(attempt: attempt)) }
            return wait <= maxServerWait ? .retry(after: max(wait, .milliseconds(50))) : .stop
        }
        guard retryClass == .idempotent else { return .stop }
        if let wait = headers.retryAfter, wait <= maxServerWait { return .retry(after: wait) }
        return .retry(after: backoff(attempt: attempt))
    }

    /// After a transport failure; `reachedServer` is false when the connection was never made.
    public func decide(transportFailureReachedServer reachedServer: Bool, attempt: Int, retryClass: RetryClass) -> Decision {
        guard attempt < maxAttempts else { return .stop }
        guard !reachedServer || retryClass == .idempotent else { return .stop }
        return .retry(after: backoff(attempt: attempt))
    }

    /// Half of the exponential delay plus a random half ("equal jitter"), so concurrent clients
    /// spread out while every wait still grows.
    public func backoff(attempt: Int) -> Duration {
        let exponential = baseDelay * Int(pow(2.0, Double(max(0, attempt - 1))))
        let capped = min(exponential, maxDelay)
        let half = capped / 2
        return half + half * Double.random(in: 0...1)
    }
}
