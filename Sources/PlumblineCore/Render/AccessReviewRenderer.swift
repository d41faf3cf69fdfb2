import Foundation

/// Renders an access review for auditors: Markdown to read, CSV (RFC 4180) to sign off row by
/// row in a spreadsheet, JSON for tools.
public enum AccessReviewRenderer {
    public static func json(_ review: AccessReview) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.iso(date))
        }
        let data = (try? encoder.encode(review)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func markdown(_ review: AccessReview) -> String {
        var lines = [
            "# Access review — `\(review.environment)`", "",
            "\(review.people.count) people, \(review.accessNotRemoved.count) offboarded but still able to sign in, \(review.unmanaged.count) unmanaged account(s), \(review.unrestrictedClinicalWrites.count) unrestricted clinical write grant(s).", "",
            "## People", "",
            "| Person | Status | Expires | Organizations (Stytch roles) | Medplum membership | Policies → resource types (interactions) | Medplum membership since |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for person in review.people {
            let organizations = person.organizations.map { organization in
                let since = organization.memberSince.map { ", since \(Timestamps.iso($0))" } ?? ""
                return "\(organization.slug): \(organization.roles.joined(separator: ", "))\(organization.status == "active" ? "" : " (\(organization.status))")\(organization.managed ? "" : " (unmanaged)")\(since)"
            }
            let memberships = person.memberships.map { membership in
                var flags = [membership.profileType]
                if membership.admin { flags.append("**admin**") }
                if !membership.active { flags.append("inactive") }
                if !membership.managed { flags.append("unmanaged") }
                return flags.joined(separator: ", ")
            }
            let grants = person.memberships.flatMap { membership -> [String] in
                if membership.unrestricted { return ["(no access policy): every resource type"] }
                return membership.policies.map { policy in
                    guard let grants = policy.grants else { return "\(policy.name): (policy missing)" }
                    return "\(policy.name): " + grants.map(describe).joined(separator: "; ")
                }
            }
            let since = person.memberships.compactMap(\.activeSince).min().map(Timestamps.iso) ?? ""
            let name = person.name.isEmpty ? person.email : "\(person.name) <\(person.email)>"
            lines.append("| \(cell(name)) | \(person.status) | \(person.expires ?? "") | \(cell(organizations.joined(separator: "<br>"))) | \(cell(memberships.joined(separator: "<br>"))) | \(cell(grants.joined(separator: "<br>"))) | \(since) |")
        }
        lines += ["", "## Offboarded, still able to sign in", ""]
        if review.accessNotRemoved.isEmpty {
            lines.append("None: everyone offboarded or past their expiry has lost their access.")
        } else {
            lines += ["| Person | Status | Medplum | Stytch |", "| --- | --- | --- | --- |"]
            lines += review.accessNotRemoved.map { "| \(cell($0.email)) | \($0.status) | \($0.medplum.joined(separator: "<br>")) | \(cell($0.stytch.joined(separator: "<br>"))) |" }
            lines += ["", "`plumbline apply` removes this access; `plumbline sessions --revoke` ends the sessions it left."]
        }
        lines += ["", "## Unmanaged accounts", ""]
        if review.unmanaged.isEmpty {
            lines.append("None: plumbline manages every account it read.")
        } else {
            lines += ["| System | Account | Status | Access |", "| --- | --- | --- | --- |"]
            lines += review.unmanaged.map { "| \($0.system.rawValue) | \(cell($0.key)) | \($0.status) | \(cell($0.access)) |" }
        }
        lines += ["", "## Write access to clinical types without a criteria", ""]
        if review.unrestrictedClinicalWrites.isEmpty {
            lines.append("None: every write on a clinical type is restricted by a criteria.")
        } else {
            lines += ["| Policy | Managed | Resource type | Writes | Held by |", "| --- | --- | --- | --- | --- |"]
            lines += review.unrestrictedClinicalWrites.map { finding in
                "| \(cell(finding.policy)) | \(finding.managed ? "yes" : "no") | \(finding.resourceType) | \(finding.interactions.map(\.rawValue).joined(separator: ", ")) | \(cell(finding.holders.joined(separator: ", "))) |"
            }
        }
        lines += ["", "_\(review.clinicalTypes.prefix(1).uppercased() + review.clinicalTypes.dropFirst())._"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns of the CSV: one row per path of access (a Stytch membership, or one policy entry of
    /// a Medplum membership), then unmanaged accounts and unrestricted clinical writes.
    static let columns = [
        "section", "email", "name", "status", "declared_roles", "expires", "system", "where", "stytch_roles", "admin",
        "profile_type", "policy", "resource_type", "interactions", "criteria", "managed", "active_since",
    ]

    public static func csv(_ review: AccessReview) -> String {
        var rows: [[String: String]] = []
        for person in review.people {
            let base = [
                "section": "access", "email": person.email, "name": person.name, "status": person.status,
                "declared_roles": person.roles.joined(separator: " "), "expires": person.expires ?? "",
            ]
            var paths: [[String: String]] = person.organizations.map { organization in
                [
                    "system": "stytch", "where": organization.slug, "stytch_roles": organization.roles.joined(separator: " "),
                    "admin": yesNo(organization.admin), "managed": yesNo(organization.managed),
                    "active_since": organization.memberSince.map(Timestamps.iso) ?? "",
                    "status": organization.status == "active" ? person.status : "\(person.status) (member \(organization.status))",
                ]
            }
            for membership in person.memberships {
                let shared = [
                    "system": "medplum", "where": "ProjectMembership/\(membership.id)", "admin": yesNo(membership.admin),
                    "profile_type": membership.profileType, "managed": yesNo(membership.managed),
                    "active_since": membership.activeSince.map(Timestamps.iso) ?? "",
                    "status": membership.active ? person.status : "\(person.status) (membership inactive)",
                ]
                if membership.unrestricted {
                    paths.append(shared.merging(["policy": "(no access policy)", "resource_type": "*", "interactions": FHIRInteraction.allCases.map(\.rawValue).joined(separator: " ")]) { $1 })
                }
                for policy in membership.policies {
                    guard let grants = policy.grants else {
                        paths.append(shared.merging(["policy": "\(policy.name) (missing)"]) { $1 })
                        continue
                    }
                    paths += grants.map { grant in
                        shared.merging([
                            "policy": policy.name, "resource_type": grant.resourceType,
                            "interactions": grant.interactions.map(\.rawValue).joined(separator: " "), "criteria": grant.criteria ?? "",
                        ]) { $1 }
                    }
                }
            }
            rows += paths.isEmpty ? [base] : paths.map { base.merging($0) { $1 } }
        }
        rows += review.accessNotRemoved.flatMap { person in
            person.medplum.map { ["section": "access-not-removed", "email": person.email, "status": person.status, "system": "medplum", "where": $0] }
                + person.stytch.map { ["section": "access-not-removed", "email": person.email, "status": person.status, "system": "stytch", "where": $0] }
        }
        rows += review.unmanaged.map { account in
            ["section": "unmanaged", "email": account.email, "status": account.status, "system": account.system.rawValue, "where": account.organization ?? "", "managed": "no",
             account.system == .stytch ? "stytch_roles" : "policy": account.access]
        }
        rows += review.unrestrictedClinicalWrites.map { finding in
            ["section": "unrestricted-clinical-write", "email": finding.holders.joined(separator: "; "), "system": "medplum", "policy": finding.policy,
             "resource_type": finding.resourceType, "interactions": finding.interactions.map(\.rawValue).joined(separator: " "), "managed": yesNo(finding.managed)]
        }
        let lines = [columns] + rows.map { row in columns.map { row[$0] ?? "" } }
        return lines.map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func describe(_ grant: GrantAccess) -> String {
        let interactions = Set(grant.interactions) == Set(FHIRInteraction.allCases) ? "all" : grant.interactions.map(\.rawValue).joined(separator: ", ")
        return "\(grant.criteria ?? grant.resourceType) (\(interactions))"
    }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// RFC 4180 fields: quoted when they hold a comma, a quote or a line break, quotes doubled.
public enum CSV {
    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
