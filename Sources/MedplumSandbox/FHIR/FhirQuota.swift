import Foundation
import SandboxSupport

/// The FHIR interaction quota (contract 8, `fhirquota.ts`): points per minute per membership and
/// per project; read 1, history 10, search 20, writes 100.
struct FhirQuota: Sendable {
    enum Cost {
        static let read = 1
        static let history = 10
        static let search = 20
        static let write = 100
    }

    let memberships = FixedWindowLimiter(window: 60, alignment: .firstRequest)
    let projects = FixedWindowLimiter(window: 60, alignment: .firstRequest)
    let limits: MedplumSandboxLimits

    /// One request's use of the quota: the state for the `RateLimit` header.
    struct Usage: Sendable {
        var decision: FixedWindowLimiter.Decision?

        /// `"fhirInteractions";r=<remaining>;t=<seconds>`, once anything was consumed.
        var header: String? {
            decision.map { "\"fhirInteractions\";r=\($0.remaining);t=\($0.secondsBeforeReset)" }
        }
    }

    /// Spends `points` for the caller, throwing Medplum's 429 outcome when over the limit.
    func consume(_ points: Int, caller: Caller, project: JSON, usage: inout Usage, now: Int64) throws(Outcome) {
        guard let membership = caller.membershipID else { return }
        let settings = project["systemSetting"]?.arrayValue ?? []
        func setting(_ name: String) -> JSON? {
            settings.first(where: { $0["name"]?.stringValue == name })
        }
        let userLimit = setting("userFhirQuota")?["valueInteger"]?.numberValue.map(Int.init) ?? limits.fhirQuotaPerMinute
        guard userLimit >= 0 else { return }
        let projectLimit =
            setting("totalFhirQuota")?["valueInteger"]?.numberValue.map(Int.init)
            ?? userLimit * limits.projectQuotaMultiplier
        let enforced = setting("enableFhirQuota")?["valueBoolean"]?.boolValue != false
        let date = Instant.date(now)
        let user = memberships.consume(key: membership, limit: userLimit, cost: points, now: date)
        let rejected: FixedWindowLimiter.Decision
        if user.allowed {
            let whole = projects.consume(key: caller.projectID, limit: projectLimit, cost: points, now: date)
            usage.decision = whole.remaining < user.remaining ? whole : user
            guard !whole.allowed else { return }
            rejected = whole
        } else {
            usage.decision = user
            rejected = user
        }
        guard enforced else { return }
        throw Self.throttled(rejected, limit: userLimit)
    }

    /// The 429 outcome whose diagnostics are the limiter state as `rate-limiter-flexible`
    /// serialises it (underscored fields), plus the limit.
    static func throttled(_ decision: FixedWindowLimiter.Decision, limit: Int) -> Outcome {
        var outcome = Outcome.tooManyRequests
        let diagnostics: JSON = [
            "_remainingPoints": .number(Double(decision.remaining)),
            "_msBeforeNext": .number(Double(decision.millisecondsBeforeReset)),
            "_consumedPoints": .number(Double(decision.consumed)),
            "_isFirstInDuration": .bool(decision.isFirstInWindow),
            "limit": .number(Double(limit)),
        ]
        outcome.issues[0].diagnostics = JSONWriter.string(diagnostics)
        return outcome
    }
}

extension Instant {
    /// A `Date` for milliseconds since the epoch.
    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
