import Foundation
import PlumblineCore

/// One page of a FHIR search (a `searchset` Bundle), read in one pass: each entry's resource
/// by the caller's reader, with the exact bytes it was sent as, and the paging links as JSON.
struct SearchPage<Resource> {
    var entries: [(resource: Resource, sent: Data)] = []
    var links: JSONValue?

    /// Entries whose resource `read` declines (nil), or that have none, are left out. Of a
    /// repeated member name the last counts, as in a parsed Bundle.
    init(scanning body: Data, reading read: (inout JSONScanner) throws -> Resource?) throws {
        self = try JSONScanner.scan(body) { bundle in
            var page = SearchPage()
            try bundle.members { bundle, name in
                switch name {
                case "entry": page.entries = try Self.entries(from: &bundle, reading: read)
                case "link": page.links = try bundle.value()
                default: break
                }
            }
            return page
        }
    }

    private init() {}

    private static func entries(from scanner: inout JSONScanner, reading read: (inout JSONScanner) throws -> Resource?) throws -> [(resource: Resource, sent: Data)] {
        var entries: [(resource: Resource, sent: Data)] = []
        try scanner.elements { entry in
            var resource: (read: Resource?, text: Data)?
            try entry.members { entry, name in
                if name == "resource" { resource = try entry.capturing(read) }
            }
            if let resource, let kept = resource.read { entries.append((kept, resource.text)) }
        }
        return entries
    }
}
