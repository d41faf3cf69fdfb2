import Foundation
import PlumblineCore

/// Reads the history of single objects (contract 4.1): who wrote each version and when, so drift
/// can name who introduced a difference, and the marker a deleted object carried before it went.
/// One request per object; the history's first page is all it reads.
public struct MedplumHistoryReader: Sendable {
    let client: MedplumClient

    public init(client: MedplumClient) {
        self.client = client
    }

    /// Every version of `type/id` the server lists, newest first.
    public func versions(_ type: String, _ id: String) async throws -> [MedplumVersion] {
        Self.versions(in: try await client.history(type, id))
    }

    /// The versions a history Bundle lists; entries of other types, or unreadable, are left out.
    static func versions(in bundle: JSONValue) -> [MedplumVersion] {
        (bundle["entry"]?.array ?? []).compactMap { entry in
            guard let resource = entry["resource"] else {
                let at = entry["response"]?["lastModified"]?.string.flatMap(LiveMapping.parseDate)
                return MedplumVersion(.deleted, change: LastChange(author: nil, at: at))
            }
            let change = LiveMapping.lastChange(resource)
            switch resource["resourceType"]?.string {
            case "AccessPolicy": return LiveMapping.policy(resource).map { MedplumVersion(.policy($0), change: change) }
            case "ProjectMembership": return LiveMapping.membership(resource).map { MedplumVersion(.membership($0), change: change) }
            case "ClientApplication": return LiveMapping.client(resource, membership: nil).map { MedplumVersion(.client($0), change: change) }
            default: return nil
            }
        }
    }
}
