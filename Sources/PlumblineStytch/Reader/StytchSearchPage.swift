import Foundation
import PlumblineCore

/// One page of a Stytch search (contract 3.6, 4.8), read in one pass: each item of the list
/// named `items` by the caller's reader, and the cursor of the next page.
struct StytchSearchPage<Item> {
    var items: [Item] = []
    var nextCursor: String?

    /// Items `read` declines (nil) are left out. Of a repeated member name the last counts, as
    /// in a parsed object.
    init(scanning body: Data, items list: StaticString, reading read: (inout JSONScanner) throws -> Item?) throws {
        self = try JSONScanner.scan(body) { page in
            var result = StytchSearchPage()
            try page.members { page, name in
                if name == list {
                    result.items = try Self.items(from: &page, reading: read)
                } else if name == "results_metadata" {
                    result.nextCursor = try Self.nextCursor(from: &page)
                }
            }
            return result
        }
    }

    private init() {}

    private static func items(from scanner: inout JSONScanner, reading read: (inout JSONScanner) throws -> Item?) throws -> [Item] {
        var items: [Item] = []
        try scanner.elements { element in
            if let item = try read(&element) { items.append(item) }
        }
        return items
    }

    private static func nextCursor(from scanner: inout JSONScanner) throws -> String? {
        var cursor: String?
        try scanner.members { metadata, name in
            if name == "next_cursor" { cursor = try metadata.string() }
        }
        return cursor
    }
}
