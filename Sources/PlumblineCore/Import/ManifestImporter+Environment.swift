extension ManifestImporter {
    /// The environment the import read, as its manifest declared it: values that are references
    /// stay references, and a literal secret becomes the conventional `${env:…}` reference (with a
    /// comment saying which variable to set), so no credential is ever written.
    func environmentDocument(_ state: inout ImportState) -> [String] {
        let file = environment.location.file
        var lines = YAMLText.comment("from \(environment.location)")
        lines += ["kind: Environment", "name: \(YAMLText.scalar(environment.name.value))"]
        func value(_ key: String, _ configured: Located<ConfigValue>?, indent: String, secret: String? = nil) {
            guard let configured else { return }
            if let secret, configured.value.references.isEmpty {
                lines.append("\(indent)\(key): \"${env:\(secret)}\"   # the manifest had a literal here; set \(secret)")
                state.notes.append("\(configured.location): a literal secret was replaced by ${env:\(secret)} in the imported environment; set that variable")
                return
            }
            let written = configured.value.segments.map { segment -> String in
                switch segment {
                case .literal(let text): return text
                case .reference(.environment(let name)): return "${env:\(name)}"
                case .reference(.file(let path)): return "${file:\(options.rebaseFile(path, file))}"
                }
            }.joined()
            lines.append("\(indent)\(key): \(YAMLText.scalar(written))")
        }
        if let medplum = environment.medplum {
            lines.append("medplum:")
            value("baseUrl", medplum.baseUrl, indent: "  ")
            value("projectId", medplum.projectId, indent: "  ")
            value("clientId", medplum.clientId, indent: "  ")
            value("clientSecret", medplum.clientSecret, indent: "  ", secret: "MEDPLUM_CLIENT_SECRET")
            if let superAdmin = medplum.superAdmin {
                lines.append("  superAdmin:")
                value("clientId", superAdmin.clientId, indent: "    ")
                value("clientSecret", superAdmin.clientSecret, indent: "    ", secret: "MEDPLUM_SUPERADMIN_CLIENT_SECRET")
            }
            if let send = medplum.sendInviteEmail { lines.append("  sendInviteEmail: \(send.value)") }
        }
        if let stytch = environment.stytch {
            lines.append("stytch:")
            value("baseUrl", stytch.baseUrl, indent: "  ")
            value("projectId", stytch.projectId, indent: "  ")
            value("secret", stytch.secret, indent: "  ", secret: "STYTCH_SECRET")
            if let management = stytch.management {
                lines.append("  management:")
                value("baseUrl", management.baseUrl, indent: "    ")
                value("projectSlug", management.projectSlug, indent: "    ")
                value("environmentSlug", management.environmentSlug, indent: "    ")
                value("keyId", management.keyId, indent: "    ")
                value("secret", management.secret, indent: "    ", secret: "STYTCH_MANAGEMENT_SECRET")
            }
        }
        lines += corsLines(&state)
        if let policy = environment.sessionPolicy { lines.append("sessionPolicy: \(YAMLText.scalar(policy.value))") }
        return lines
    }

    /// The origins: the frontend SDK's authorized domains when they were read (that is the live
    /// value plan reconciles), else what the manifest declared (Medplum's CORS configuration
    /// cannot be read, only probed).
    private func corsLines(_ state: inout ImportState) -> [String] {
        if let sdk = stytch?.frontendSDK {
            let origins = sdk.domains.filter { domain in
                if case .success = WebOrigin.parse(domain) { return true }
                state.notes.append("the Stytch frontend SDK authorizes '\(domain)', which is not an origin; it was left out of cors.allowedOrigins, so plan removes it")
                return false
            }
            guard !origins.isEmpty else {
                if !environment.corsOrigins.isEmpty {
                    state.notes.append("the Stytch frontend SDK authorizes no origin, so the imported environment declares no cors.allowedOrigins (the manifest declared \(environment.corsOrigins.map(\.value.written).joined(separator: ", "))); add them back to have plan authorize them")
                }
                return []
            }
            return YAMLText.comment("the Stytch frontend SDK's authorized domains (\(sdk.key))") + ["cors:", "  allowedOrigins: \(YAMLText.list(origins))"]
        }
        let declared = environment.corsOrigins.map(\.value.written)
        guard !declared.isEmpty else { return [] }
        return ["cors:", "  allowedOrigins: \(YAMLText.list(declared))"]
    }

    static func sessionPolicyDocument(_ policy: SessionPolicyManifest) -> [String] {
        var lines = YAMLText.comment("from \(policy.location)")
        lines += ["kind: SessionPolicy", "name: \(YAMLText.scalar(policy.name.value))"]
        if let maxAge = policy.maxAge { lines.append("maxAge: \(maxAge.value.written)") }
        if let idle = policy.idleTimeout { lines.append("idleTimeout: \(idle.value.written)") }
        if let maximum = policy.maxConcurrent { lines.append("maxConcurrent: \(maximum.value)") }
        if let action = policy.onViolation { lines.append("onViolation: \(action.value.rawValue)") }
        return lines
    }
}
