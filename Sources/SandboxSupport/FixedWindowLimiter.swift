import Foundation
import Synchronization

/// Fixed-window rate limiting as both real servers do it: a counter per key that resets when its
/// window ends (Medplum: 60 s from the first request; Stytch: at the top of the interval).
public final class FixedWindowLimiter: Sendable {
    /// Where a window starts.
    public enum Alignment: Sendable {
        /// The window opens with the first request after the previous one closed (rate-limiter-flexible).
        case firstRequest
        /// Windows are aligned to multiples of their length since the epoch ("top of the minute").
        case wallClock
    }

    /// The outcome of one request against a limit.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        public var limit: Int
        /// Points left in this window after this request (never negative).
        public var remaining: Int
        /// Points used in this window, this request included.
        public var consumed: Int
        /// Milliseconds until the window resets.
        public var millisecondsBeforeReset: Int
        /// Whether this request opened the window.
        public var isFirstInWindow: Bool

        /// Whole seconds until the window resets, rounded up (what `Retry-After` and `t=` carry).
        public var secondsBeforeReset: Int {
            Int((Double(millisecondsBeforeReset) / 1000).rounded(.up))
        }
    }

    private struct Window {
        var start: Date
        var consumed: Int
    }

    private let length: TimeInterval
    private let alignment: Alignment
    private let windows = Mutex<[String: Window]>([:])

    public init(window length: TimeInterval = 60, alignment: Alignment) {
        self.length = length
        self.alignment = alignment
    }

    /// Spends `cost` points of `key`'s budget of `limit` per window. A limit below zero disables
    /// limiting (Medplum's `-1`).
    public func consume(key: String, limit: Int, cost: Int = 1, now: Date) -> Decision {
        windows.withLock { windows in
            var window = windows[key] ?? Window(start: windowStart(for: now), consumed: 0)
            var opened = window.consumed == 0
            if now >= window.start.addingTimeInterval(length) {
                window = Window(start: windowStart(for: now), consumed: 0)
                opened = true
            }
            window.consumed += cost
            windows[key] = window
            let resetIn = window.start.addingTimeInterval(length).timeIntervalSince(now)
            return Decision(
                allowed: limit < 0 || window.consumed <= limit,
                limit: limit,
                remaining: max(0, limit - window.consumed),
                consumed: window.consumed,
                millisecondsBeforeReset: max(0, Int((resetIn * 1000).rounded(.up))),
                isFirstInWindow: opened
            )
        }
    }

    /// Forgets every window (used when tests change limits).
    public func reset() {
        windows.withLock { $0.removeAll() }
    }

    private func windowStart(for now: Date) -> Date {
        switch alignment {
        case .firstRequest:
            return now
        case .wallClock:
            let seconds = now.timeIntervalSince1970
            return Date(timeIntervalSince1970: (seconds / length).rounded(.down) * length)
        }
    }
}
