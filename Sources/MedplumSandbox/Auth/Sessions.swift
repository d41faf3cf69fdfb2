/// `/auth/me`, `/oauth2/logout`, `/oauth2/userinfo` and `/auth/revoke`.
extension StoreState {
    /// `GET /auth/me` (contract 2.4): for a client no `user` and no `security`; `profile` is the
    /// ClientApplication read with system rights (secret included).
    func me(_ auth: AuthState) -> Reply {
        let membership = auth.membership
        let project = auth.project
        let profileReference = membership["profile"]?.referenceString
        let profile = resolve(profileReference)
        var result = JSONObject()
        let userReference = membership["user"]?.referenceString
        let user = userReference.flatMap { $0.hasPrefix("User/") ? resolve($0) : nil }
        if let user { result["user"] = Self.pick("User", ["id", "email", "identifier"], from: user) }
        result["project"] = Self.pick("Project", ["id", "name", "description", "strictMode", "superAdmin"], from: project)
        result["membership"] = Self.pick(
            "ProjectMembership", ["id", "identifier", "user", "profile", "admin"], from: membership)
        result["profile"] = profile
        result["config"] = userConfiguration(membership: membership, project: project)
        result["accessPolicy"] = auth.caller.policy.json
        if let user {
            result["security"] = [
                "mfaEnrolled": .bool(user["mfaEnrolled"]?.boolValue ?? false),
                "sessions": [],
            ]
        }
        return .json(.object(result))
    }

    /// `{resourceType, <keys present in source>}`, as Medplum's summaries drop undefined members.
    private static func pick(_ resourceType: String, _ keys: [String], from source: JSON) -> JSON {
        var summary: JSONObject = ["resourceType": .string(resourceType)]
        for key in keys { summary[key] = source[key] }
        return .object(summary)
    }

    /// The member's UserConfiguration, or an empty one, with Medplum's generated menu.
    private func userConfiguration(membership: JSON, project: JSON) -> JSON {
        var config = resolve(membership["userConfiguration"]?.referenceString) ?? ["resourceType": "UserConfiguration"]
        guard config["menu"] == nil else { return config }
        let favorites = ["Patient", "Practitioner", "Organization", "ServiceRequest", "DiagnosticReport", "Questionnaire"]
        var menu: [JSON] = [
            ["title": "Favorites", "link": .array(favorites.map { ["name": .string($0), "target": .string("/" + $0)] })]
        ]
        let superAdmin = project["superAdmin"]?.boolValue == true
        if membership["admin"]?.boolValue == true {
            var links: [JSON] = [
                ["name": "Project", "target": "/admin/project"],
                ["name": "AccessPolicy", "target": "/AccessPolicy"],
                ["name": "Subscriptions", "target": "/Subscription"],
                ["name": "Batch", "target": "/batch"],
            ]
            if !superAdmin { links.append(["name": "Config", "target": "/admin/config"]) }
            menu.append(["title": "Admin", "link": .array(links)])
        }
        if superAdmin {
            menu.append([
                "title": "Super Admin",
                "link": [
                    ["name": "Projects", "target": "/Project"],
                    ["name": "Super Config", "target": "/admin/super"],
                    ["name": "Super AsyncJob", "target": "/admin/super/asyncjob"],
                ],
            ])
        }
        config["menu"] = .array(menu)
        return config
    }

    /// `/oauth2/logout`: marks the caller's own Login revoked (Basic callers have none to revoke).
    mutating func logout(_ auth: AuthState) {
        guard var login = auth.login else { return }
        login.revoked = true
        putClientLogin(login)
    }

    /// `POST /auth/revoke {"loginId"}`: revokes one of the caller's own Logins; anyone else's → 404.
    mutating func revoke(loginID: String?, auth: AuthState, tracing: Tracing) -> Reply {
        guard let loginID, !loginID.isEmpty else {
            return .outcome(.invalidRequest([("Missing loginId", "loginId")]), tracing: tracing)
        }
        guard var login = clientLogins[loginID], login.membershipID == auth.membershipID else {
            return .outcome(.notFound, tracing: tracing)
        }
        login.revoked = true
        putClientLogin(login)
        return .outcome(.allOK, tracing: tracing)
    }

    /// `/oauth2/userinfo`: the subject and profile of the caller.
    func userInfo(_ auth: AuthState) -> Reply {
        let profile = auth.membership["profile"]?.referenceString ?? ""
        let subject = StoreState.split(profile)?.1 ?? profile
        return .json(["sub": .string(subject), "profile": .string(profile)])
    }
}
