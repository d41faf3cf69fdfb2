/// `plumbline doctor`: the troubleshooting guide (`seeds/000_*`) as ordered checks over what was
/// observed. Every check runs; one that depends on an earlier failure is reported as skipped
/// with the reason, never silently dropped.
public enum Doctor {
    public static func examine(_ inputs: DoctorInputs) -> DoctorReport {
        let checks: [DoctorCheck] = [
            ServerChecks.reachable(inputs),
            ServerChecks.medplumCredentials(inputs),
            ServerChecks.stytchCredentials(inputs),
            PersonChecks.declared(inputs),
            MedplumChecks.membership(inputs),
            MedplumChecks.accessPolicies(inputs),
            StytchChecks.membership(inputs),
            SessionCheck.check(inputs),
            ServerChecks.cors(inputs),
        ]
        return DoctorReport(user: inputs.email, environment: inputs.environment, checks: checks)
    }

    /// The check to report for a read that did not produce a value, or nil when it did.
    static func unavailable<Value>(_ probe: Probe<Value>, _ id: CheckID, dependsOn prerequisite: CheckID) -> DoctorCheck? {
        switch probe {
        case .observed: nil
        case .notConfigured(let why): .skipped(id, why)
        case .notAttempted: .skipped(id, prerequisite.failedPrerequisite)
        case .failed: .skipped(id, prerequisite.failedPrerequisite)
        }
    }

    /// `values` in order, each once.
    static func unique(_ values: [String]) -> [String] {
        values.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
