import Foundation

/// Seeds of many organizations and members, for paging and throughput checks.
enum LargeSeed {
    /// `organizations` organizations (`org-0`…) with `membersEach` members each, some with roles.
    static func json(organizations: Int, membersEach: Int) -> Data {
        var text = #"{"organizations": ["#
        for org in 0..<organizations {
            if org > 0 { text += "," }
            text += #"{"organization_name": "Org \#(org)", "organization_slug": "org-\#(org)", "members": ["#
            for member in 0..<membersEach {
                if member > 0 { text += "," }
                let roles = member % 3 == 0 ? #", "roles": ["clinician"]"# : ""
                text += #"{"email_address": "m\#(member)@org\#(org).example.org", "name": "Member \#(member)"\#(roles)}"#
            }
            text += "]}"
        }
        return Data((text + "]}").utf8)
    }
}
