extension StytchPlanner {
    /// The frontend SDK's authorized domains against the environment's `cors.allowedOrigins`,
    /// compared as sets (Stytch matches them as origins, so order and case never matter).
    func planFrontendSDK(into output: inout Output) {
        guard let wanted = desired.frontendSDK, let current = live.frontendSDK else { return }
        let have = Set(current.domains.map { $0.lowercased() })
        let want = Set(wanted.domains.map { $0.lowercased() })
        guard have != want else { return }
        output.changes.append(Change(
            ResourceKey(.stytch, .frontendSDK, wanted.key), .update,
            fields: [FieldChange("basic.domains", before: .array(current.domains.map(JSONValue.string)), after: .array(wanted.domains.map(JSONValue.string)))],
            escalations: want.subtracting(have).sorted().map { "origin \($0) authorized for the Stytch frontend SDK" },
            target: ObjectVersion(id: current.key, version: current.version),
            summary: "Stytch frontend SDK authorized domains"
        ))
    }
}
