import Crypto
import Foundation

/// The opaque `next_cursor`: which query it belongs to and the creation sequence number of the
/// last result returned. Positioning by sequence number (not by offset) keeps paging stable while
/// objects are created or deleted between pages.
struct SearchCursor: Sendable, Equatable {
    /// A digest of the query the cursor was issued for.
    let queryDigest: String
    /// Sequence number of the last object already returned.
    let afterSeq: Int

    init(queryKey: String, afterSeq: Int) {
        self.queryDigest = Self.digest(queryKey)
        self.afterSeq = afterSeq
    }

    private init(queryDigest: String, afterSeq: Int) {
        self.queryDigest = queryDigest
        self.afterSeq = afterSeq
    }

    /// The wire form: base64url of `v1:<digest>:<seq>`.
    var encoded: String {
        Base64URL.encode(Data("v1:\(queryDigest):\(afterSeq)".utf8))
    }

    /// Decodes a cursor and checks it was issued for `queryKey`.
    static func decode(_ text: String, queryKey: String, scope: String) throws(StytchError) -> SearchCursor {
        guard let data = Base64URL.decode(text) else { throw .searchInvalidCursor(scope) }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":")
        guard parts.count == 3, parts[0] == "v1", let seq = Int(parts[2]), String(parts[1]) == digest(queryKey) else {
            throw .searchInvalidCursor(scope)
        }
        return SearchCursor(queryDigest: String(parts[1]), afterSeq: seq)
    }

    private static func digest(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// Matches of recent searches, so that paging through a large result set costs one scan for the
/// first page and a binary search for every later one (instead of a scan per page).
struct SearchCache: Sendable {
    /// The matches of one query, in creation order, as of one store generation.
    struct Entry: Sendable {
        let generation: Int
        let ids: [String]
        let seqs: [Int]
    }

    private var entries: [String: Entry] = [:]
    private var recency: [String] = []
    private let capacity = 8

    func lookup(_ key: String, generation: Int) -> Entry? {
        guard let entry = entries[key], entry.generation == generation else { return nil }
        return entry
    }

    mutating func store(_ entry: Entry, for key: String) {
        entries[key] = entry
        recency.removeAll { $0 == key }
        recency.append(key)
        while recency.count > capacity { entries[recency.removeFirst()] = nil }
    }
}

extension SearchCache.Entry {
    /// One page of matches after the cursor's position: the ids and the cursor for the next page.
    func page(after afterSeq: Int?, limit: Int, queryKey: String) -> (ids: ArraySlice<String>, next: String?) {
        let start = afterSeq.map { position in Self.firstIndex(in: seqs, greaterThan: position) } ?? 0
        let end = min(start + limit, ids.count)
        guard start < end else { return ([], nil) }
        let next = end < ids.count ? SearchCursor(queryKey: queryKey, afterSeq: seqs[end - 1]).encoded : nil
        return (ids[start..<end], next)
    }

    /// Binary search for the first element greater than `value` in an ascending array.
    static func firstIndex(in sorted: [Int], greaterThan value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
