import Foundation

/// The session rules of DESIGN §1, as one pure function: the clock is a parameter, so the same
/// sessions judged at the same instant always get the same verdicts.
public enum SessionRules {
    /// Judges every session.
    ///
    /// - `expired`: its expiry has passed (a server may list a session until its own clock says so).
    /// - `idle`: unused for longer than `idleTimeout`.
    /// - `over-age`: started longer ago than `maxAge`.
    /// - `offboarded`: its holder is in `offboarded` (see `SessionStanding`).
    /// - `over-limit`: its holder has more than `maxConcurrent` sessions that break no other rule;
    ///   the oldest of them (by start, then id) are flagged, so ending the flagged ones leaves the
    ///   newest `maxConcurrent` — the ones the person is most likely using.
    ///
    /// Verdicts come back sorted by holder, then start, then session id.
    public static func judge(_ sessions: [ObservedSession], limits: SessionLimits, now: Date, offboarded: Set<SessionHolder>) -> [SessionVerdict] {
        var verdicts = sessions.map { session in
            SessionVerdict(session: session, reasons: timeReasons(session, limits: limits, now: now) + (offboarded.contains(session.holder) ? [.offboarded] : []))
        }
        verdicts.sort { ($0.session.holder, $0.session.startedAt, $0.session.sessionId) < ($1.session.holder, $1.session.startedAt, $1.session.sessionId) }
        guard let maxConcurrent = limits.maxConcurrent else { return verdicts }
        let healthyByHolder = Dictionary(grouping: verdicts.indices.filter { !verdicts[$0].isFlagged }) { verdicts[$0].session.holder }
        for indices in healthyByHolder.values where indices.count > maxConcurrent {
            // `indices` follow the sorted order, oldest first.
            for index in indices.prefix(indices.count - maxConcurrent) {
                verdicts[index].reasons.append(.overLimit)
            }
        }
        return verdicts
    }

    /// The reasons that depend only on the session's own times.
    static func timeReasons(_ session: ObservedSession, limits: SessionLimits, now: Date) -> [SessionReason] {
        var reasons: [SessionReason] = []
        if let expires = session.expiresAt, expires <= now { reasons.append(.expired) }
        if let idle = limits.idleTimeout, now.timeIntervalSince(session.lastActiveAt) > TimeInterval(idle) { reasons.append(.idle) }
        if let maxAge = limits.maxAge, now.timeIntervalSince(session.startedAt) > TimeInterval(maxAge) { reasons.append(.overAge) }
        return reasons
    }
}
