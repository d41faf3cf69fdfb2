/// Turns a `SearchPage` into Medplum's `searchset` Bundle: entries with `fullUrl` and
/// `search.mode`, `total` only when asked for, and absolute `self`/`first`/`next`/`previous`
/// links whose query parameters are sorted as JavaScript's `localeCompare` sorts them.
enum SearchBundle {
    static func render(_ page: SearchPage, state: StoreState, caller: Caller, baseURL: String) -> [UInt8] {
        let request = page.request
        var writer = JSONWriter(reservingCapacity: 512 + page.matches.count * 600)
        writer.writeRaw("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"")
        if (request.count ?? 0) > 0 {
            writer.writeRaw(",\"entry\":[")
            var first = true
            var urlPrefix = JSONWriter()
            urlPrefix.writeRaw("{\"fullUrl\":\"")
            urlPrefix.writeEscaped(baseURL + "fhir/R4/")
            for (resource, mode) in page.matches.map({ ($0, "match") }) + page.included.map({ ($0, "include") }) {
                if !first { writer.writeRaw(",") }
                first = false
                writer.writeRaw(urlPrefix.bytes)
                writer.writeEscaped(resource.resourceType)
                writer.writeRaw("/")
                writer.writeEscaped(resource.id)
                writer.writeRaw(mode == "match" ? "\",\"search\":{\"mode\":\"match\"}" : "\",\"search\":{\"mode\":\"include\"}")
                writer.writeRaw(",\"resource\":")
                writer.writeRaw(bytes(resource, fields: request.fields, state: state, caller: caller))
                writer.writeRaw("}")
            }
            writer.writeRaw("]")
        }
        if let total = page.total {
            writer.writeRaw(",\"total\":")
            writer.writeRaw(Array(String(total).utf8))
        }
        writer.writeRaw(",\"link\":")
        writer.write(.array(links(page, baseURL: baseURL)))
        writer.writeRaw("}")
        return writer.bytes
    }

    /// A resource as the caller sees it, reduced to `_fields` when given.
    private static func bytes(_ resource: StoredResource, fields: [String]?, state: StoreState, caller: Caller)
        -> [UInt8]
    {
        guard let fields, case .object(let object)? = state.view(resource, caller: caller) else {
            return state.render(resource, caller: caller).bytes
        }
        let kept = Set(["resourceType", "id", "meta"] + fields)
        return JSONWriter.serialize(.object(JSONObject(object.members.filter { kept.contains($0.key) })))
    }

    // MARK: - Links

    static func links(_ page: SearchPage, baseURL: String) -> [JSON] {
        let request = page.request
        let count = request.count ?? SearchRequest.defaultCount
        let offset = request.offset ?? 0
        var links: [JSON] = [link("self", url(request, baseURL: baseURL))]
        guard count > 0, !page.matches.isEmpty else { return links }
        if usesCursor(request) {
            var first = request
            first.cursor = nil
            first.offset = nil
            links.append(link("first", url(first, baseURL: baseURL)))
            if let next = page.next {
                var nextRequest = request
                nextRequest.offset = nil
                let instant = next.current.lastUpdated
                let excluded = page.matches.filter { $0.current.lastUpdated == instant }.map(\.id)
                nextRequest.cursor = SearchCursor.format(instant: instant, excluded: excluded)
                links.append(link("next", url(nextRequest, baseURL: baseURL)))
            }
        } else {
            var first = request
            first.offset = 0
            links.append(link("first", url(first, baseURL: baseURL)))
            if page.next != nil {
                var next = request
                next.offset = offset + count
                links.append(link("next", url(next, baseURL: baseURL)))
            }
            if offset > 0 {
                var previous = request
                previous.offset = offset - count
                links.append(link("previous", url(previous, baseURL: baseURL)))
            }
        }
        return links
    }

    /// Cursor paging applies to `_sort=_lastUpdated` (ascending, alone), no offset, pages of 20+.
    static func usesCursor(_ request: SearchRequest) -> Bool {
        (request.offset ?? 0) == 0 && (request.count ?? 0) >= 20
            && request.sortRules == [SortRule(code: "_lastUpdated", descending: false)]
    }

    private static func link(_ relation: String, _ url: String) -> JSON {
        ["relation": .string(relation), "url": .string(url)]
    }

    /// `{baseUrl}fhir/R4/<Type>` plus the query as Medplum's `formatSearchQuery` writes it.
    static func url(_ request: SearchRequest, baseURL: String) -> String {
        var parameters: [String] = []
        if let fields = request.fields { parameters.append("_fields=" + fields.joined(separator: ",")) }
        for filter in request.filters {
            if let chain = filter.chain {
                parameters.append("\(chain.key)=\(URLEncoding.encodeComponent(filter.rawValue))")
                continue
            }
            let modifier = knownModifiers.contains(filter.modifier) ? ":" + filter.modifier : ""
            parameters.append(
                "\(filter.code)\(modifier)=\(filter.prefix ?? "")\(URLEncoding.encodeComponent(filter.rawValue))")
        }
        if !request.sortRules.isEmpty {
            parameters.append(
                "_sort=" + request.sortRules.map { ($0.descending ? "-" : "") + $0.code }.joined(separator: ","))
        }
        if let offset = request.offset { parameters.append("_offset=\(offset)") }
        if let count = request.count { parameters.append("_count=\(count)") }
        if let total = request.total { parameters.append("_total=\(total)") }
        if let cursor = request.cursor { parameters.append("_cursor=\(cursor)") }
        for target in request.includes { parameters.append("_include=\(target.resourceType):\(target.parameter)") }
        for target in request.revIncludes { parameters.append("_revinclude=\(target.resourceType):\(target.parameter)") }
        parameters.sort(by: LocaleOrder.precedes)
        let query = parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
        return "\(baseURL)fhir/R4/\(request.resourceType)\(query)"
    }

    /// The modifiers Medplum keeps when it re-serialises a filter (others become plain `=`).
    private static let knownModifiers: Set<String> = [
        "contains", "exact", "above", "below", "text", "not", "in", "not-in", "of-type", "missing", "identifier",
    ]
}

/// String order as JavaScript's `a.localeCompare(b)` (ICU root collation) gives it for the ASCII
/// text of query parameters: punctuation before digits before letters, letters compared without
/// case first and lower case winning ties.
enum LocaleOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        for (a, b) in zip(left, right) {
            let (rankA, rankB) = (primary(a), primary(b))
            if rankA != rankB { return rankA < rankB }
        }
        if left.count != right.count { return left.count < right.count }
        for (a, b) in zip(left, right) where a != b {
            // Same letter, different case: lower case first.
            return a.properties.isLowercase
        }
        return false
    }

    private static let punctuation = Array(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$".unicodeScalars)

    private static func primary(_ scalar: Unicode.Scalar) -> Int {
        if let index = punctuation.firstIndex(of: scalar) { return index }
        let value = Int(scalar.value)
        switch scalar {
        case "0"..."9": return 100 + value
        case "a"..."z": return 200 + value
        case "A"..."Z": return 200 + value + 32
        default: return 1000 + value
        }
    }
}
