/// Every resource of one type, kept so that the searches a reconciler runs stay cheap at 50k+
/// resources: an append-only write-order log (the default and `_lastUpdated` order, and the
/// cursor), and a hash index of reference and token values.
struct ResourceTable: Sendable {
    /// One write in the order log. Entries of superseded versions are skipped while reading and
    /// dropped on compaction.
    struct OrderEntry: Sendable {
        let sequence: Int64
        let lastUpdated: Int64
        let id: String
    }

    private(set) var resources: [String: StoredResource] = [:]
    /// Write order, ascending; `lastUpdated` ascends with it because the store's clock is strictly
    /// monotonic.
    private(set) var order: [OrderEntry] = []
    /// Number of resources whose current version is not a deletion.
    private(set) var count = 0
    /// Index key → ids of non-deleted resources holding that value.
    private var index: [String: Set<String>] = [:]

    subscript(id: String) -> StoredResource? { resources[id] }

    /// Stores `resource` as the newest version of its id and re-indexes it.
    mutating func put(_ resource: StoredResource) {
        if let previous = resources[resource.id], !previous.isDeleted {
            count -= 1
            unindex(previous)
        }
        resources[resource.id] = resource
        order.append(OrderEntry(sequence: resource.sequence, lastUpdated: resource.current.lastUpdated, id: resource.id))
        if !resource.isDeleted {
            count += 1
            reindex(resource)
        }
        compactIfNeeded()
    }

    /// Whether an order entry still designates the current, live version of its resource.
    func isLive(_ entry: OrderEntry) -> StoredResource? {
        guard let resource = resources[entry.id], resource.sequence == entry.sequence, !resource.isDeleted else {
            return nil
        }
        return resource
    }

    /// Live resources in write order, starting at the first entry whose `lastUpdated` is at
    /// least `from` (binary search, so cursor pages do not rescan earlier pages).
    func liveResources(fromInstant from: Int64? = nil) -> some Sequence<StoredResource> {
        let start = from.map(firstIndex(atOrAfter:)) ?? 0
        return order[start...].lazy.compactMap { isLive($0) }
    }

    /// The ids holding an exact index key, or nil when the key kind is not indexed.
    func ids(forKey key: String) -> Set<String> {
        index[key] ?? []
    }

    private func firstIndex(atOrAfter instant: Int64) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if order[middle].lastUpdated < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func reindex(_ resource: StoredResource) {
        for key in Self.indexKeys(resource) {
            index[key, default: []].insert(resource.id)
        }
    }

    private mutating func unindex(_ resource: StoredResource) {
        for key in Self.indexKeys(resource) {
            index[key]?.remove(resource.id)
            if index[key]?.isEmpty == true { index[key] = nil }
        }
    }

    /// Rewrites the order log once more than half of it points at superseded or deleted versions.
    private mutating func compactIfNeeded() {
        guard order.count > 2 * count + 1024 else { return }
        order = order.filter { isLive($0) != nil }
    }

    /// The index keys of a resource's values (see `IndexKeys`).
    private static func indexKeys(_ resource: StoredResource) -> Set<String> {
        var keys = Set<String>()
        for (code, values) in resource.values {
            for value in values {
                keys.formUnion(IndexKeys.keys(code: code, value: value))
            }
        }
        return keys
    }
}

/// How reference and token values map to hash-index keys, and which filter values can use them.
enum IndexKeys {
    /// Keys for one stored value: references by full string and by id; tokens by code alone, by
    /// system and code, or as system-less; strings by their exact text (for `:exact` and the
    /// uniqueness checks).
    static func keys(code: String, value: IndexedValue) -> [String] {
        switch value {
        case .reference(let reference):
            let id = reference.split(separator: "/").last.map(String.init) ?? reference
            return ["\(code)\u{1}r\u{1}\(reference)", "\(code)\u{1}i\u{1}\(id)"]
        case .token(let system, let tokenCode):
            var keys = ["\(code)\u{1}c\u{1}\(tokenCode)"]
            if let system {
                keys.append("\(code)\u{1}s\u{1}\(system)|\(tokenCode)")
            } else {
                keys.append("\(code)\u{1}n\u{1}\(tokenCode)")
            }
            return keys
        case .string(let exact, _):
            return ["\(code)\u{1}e\u{1}\(exact)"]
        default:
            return []
        }
    }

    /// The key that finds every resource a filter value matches, or nil when that value needs a
    /// scan (prefix and `:contains` strings, dates, `system|` tokens).
    static func key(code: String, kind: SearchParameter.Kind, modifier: String, value: String) -> String? {
        switch kind {
        case .string:
            return modifier == "exact" ? "\(code)\u{1}e\u{1}\(value)" : nil
        case .reference:
            guard modifier.isEmpty || ResourceTypes.isKnown(modifier) else { return nil }
            let target = !modifier.isEmpty && !value.contains("/") ? "\(modifier)/\(value)" : value
            return target.contains("/") ? "\(code)\u{1}r\u{1}\(target)" : "\(code)\u{1}i\u{1}\(target)"
        case .token:
            guard modifier.isEmpty else { return nil }
            guard let bar = value.firstIndex(of: "|") else { return "\(code)\u{1}c\u{1}\(value)" }
            let system = value[..<bar]
            let tokenCode = value[value.index(after: bar)...]
            if tokenCode.isEmpty { return nil }
            return system.isEmpty ? "\(code)\u{1}n\u{1}\(tokenCode)" : "\(code)\u{1}s\u{1}\(value)"
        default:
            return nil
        }
    }
}
