/// The checks about the servers themselves: reachable, plumbline's own credentials, CORS.
enum ServerChecks {
    /// Guide §1 step 1 and §4: `curl /healthcheck`, expect 200 OK.
    static func reachable(_ inputs: DoctorInputs) -> DoctorCheck {
        switch inputs.health {
        case .notConfigured(let why):
            return .skipped(.medplumReachable, why)
        case .notAttempted:
            return .skipped(.medplumReachable, "not checked")
        case .failed(let message, _):
            return .fail(.medplumReachable, "GET /healthcheck failed: \(message)", remedy: startServer)
        case .observed(let health):
            let body = health.body
            var parts: [String] = []
            if let version = body?["version"]?.string { parts.append("version \(version)") }
            for component in ["postgres", "redis"] {
                if let up = body?[component]?.bool { parts.append("\(component) \(up ? "up" : "DOWN")") }
            }
            let observed = "GET /healthcheck answered \(health.status)\(parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")"
            let healthy = health.status == 200 && body?["ok"]?.bool == true
                && body?["postgres"]?.bool != false && body?["redis"]?.bool != false
            return healthy ? .pass(.medplumReachable, observed) : .fail(.medplumReachable, observed, remedy: startServer)
        }
    }

    static let startServer = """
        start or restart the Medplum server (e.g. `docker-compose -f docker-compose.full-stack.yml up -d`, then \
        `docker logs medplum-server`) and check that medplum.baseUrl points at it; its database and Redis must be up
        """

    static func medplumCredentials(_ inputs: DoctorInputs) -> DoctorCheck {
        switch inputs.medplum {
        case .notConfigured(let why): return .skipped(.medplumCredentials, why)
        case .notAttempted: return .skipped(.medplumCredentials, CheckID.medplumReachable.failedPrerequisite)
        case .failed(let message, let category):
            let remedy = category == .credentials
                ? "check medplum.clientId and medplum.clientSecret of environment '\(inputs.environment)'; the client must be a project admin (its ProjectMembership has admin: true)"
                : "the server failed while plumbline read the project; check the server's logs (`docker logs medplum-server`) and try again"
            return .fail(.medplumCredentials, message, remedy: remedy)
        case .observed(let live):
            return .pass(.medplumCredentials, "read project \(live.projectId): \(live.memberships.count) human membership(s), \(live.policies.count) access polic\(live.policies.count == 1 ? "y" : "ies")")
        }
    }

    static func stytchCredentials(_ inputs: DoctorInputs) -> DoctorCheck {
        switch inputs.stytch {
        case .notConfigured(let why): return .skipped(.stytchCredentials, why)
        case .notAttempted: return .skipped(.stytchCredentials, "not checked")
        case .failed(let message, let category):
            let remedy = category == .credentials
                ? "check stytch.projectId and stytch.secret of environment '\(inputs.environment)' (Stytch dashboard → API keys)"
                : "Stytch is unreachable or failing; check stytch.baseUrl and Stytch's status page, then try again"
            return .fail(.stytchCredentials, message, remedy: remedy)
        case .observed(let live):
            return .pass(.stytchCredentials, "read \(live.organizations.count) organization(s) and the members of the declared or managed ones")
        }
    }

    /// Guide §9: every origin the app is served from must pass the server's preflight.
    static func cors(_ inputs: DoctorInputs) -> DoctorCheck {
        if let skipped = Doctor.unavailable(inputs.preflights, .cors, dependsOn: .medplumReachable) {
            if case .failed(let message, _) = inputs.preflights {
                return .fail(.cors, "the preflight could not be sent: \(message)", remedy: startServer)
            }
            return skipped
        }
        let answers = inputs.preflights.value ?? []
        guard !answers.isEmpty else {
            return .pass(.cors, "environment '\(inputs.environment)' declares no cors.allowedOrigins; nothing to check")
        }
        let refused = answers.filter { !$0.allowed }
        let accepted = answers.filter(\.allowed).map(\.origin)
        guard !refused.isEmpty else {
            return .pass(.cors, "preflight OPTIONS /fhir/R4/Patient accepted from \(accepted.joined(separator: ", "))")
        }
        let details = refused.map { answer in
            let header = answer.allowOrigin.map { "Access-Control-Allow-Origin '\($0)'" } ?? "no Access-Control-Allow-Origin"
            return "\(answer.origin) refused (HTTP \(answer.status), \(header)\(answer.allowOrigin != nil && !answer.allowCredentials ? ", credentials not allowed" : ""))"
        }
        let wanted = answers.map(\.origin).joined(separator: ",")
        return .fail(
            .cors, "preflight OPTIONS /fhir/R4/Patient: \(details.joined(separator: "; "))\(accepted.isEmpty ? "" : "; accepted: \(accepted.joined(separator: ", "))")",
            remedy: "the browser blocks the app's requests (CORS errors in the console); add the origins to the Medplum server's configuration — \"allowedOrigins\": \"\(wanted)\" in medplum.config.json (MEDPLUM_ALLOWED_ORIGINS) — and restart the server; plumbline cannot change server configuration"
        )
    }
}
