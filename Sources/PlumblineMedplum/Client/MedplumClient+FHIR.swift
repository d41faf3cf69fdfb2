import Foundation
import PlumblineCore
import PlumblineHTTP

extension MedplumClient {
    /// Every resource a FHIR search matches, fetched 1000 at a time by following `next` links
    /// opaquely (contract 4.3). Sorted by `_lastUpdated` so Medplum pages with a cursor; an
    /// object updated while paging may appear twice and is kept once, at its latest version.
    /// `headers` go with every page (e.g. `X-Medplum: extended`, which keeps `meta.author`).
    public func searchAll(_ type: String, _ parameters: [(String, String)] = [], headers: [(name: String, value: String)] = []) async throws -> [JSONValue] {
        try await searchAll(type, parameters, headers: headers, reading: { try $0.value() }, id: { $0["id"]?.string }).map(\.resource)
    }

    /// The same, each resource read straight from its page by `read` (nil: not kept), named by
    /// `id`, and given with the bytes the server sent for it (what a caller keeps to write the
    /// resource back whole). A large project is never held as parsed JSON.
    public func searchAll<Kept>(
        _ type: String, _ parameters: [(String, String)] = [], headers: [(name: String, value: String)] = [],
        reading read: (inout JSONScanner) throws -> Kept?, id: (Kept) -> String?
    ) async throws -> [(resource: Kept, sent: Data)] {
        let route = "/fhir/R4/\(type)"
        let headers = [("Accept", "application/fhir+json")] + headers
        let first = url("fhir/R4/\(type)", query: parameters + [("_count", "1000"), ("_sort", "_lastUpdated")])
        var results: [(resource: Kept, sent: Data)] = []
        var positions: [String: Int] = [:]
        try await PagedRead.walk(from: first) { [self] page in
            try checkSameServer(page)
            return try await successfulResponse(HTTPRequest(method: .get, url: page, headers: headers, route: route))
        } glance: { response in
            Self.nextLink(JSONValue.peek(["link"], in: response.body))
        } read: { response in
            let page = try decode(response, of: "GET \(route)") { try SearchPage(scanning: $0, reading: read) }
            for entry in page.entries {
                guard let id = id(entry.resource) else { continue }
                if let position = positions[id] { results[position] = entry } else { positions[id] = results.count; results.append(entry) }
            }
            return Self.nextLink(page.links)
        }
        return results
    }

    /// The `next` link of a Bundle's `link` list.
    private static func nextLink(_ links: JSONValue?) -> URL? {
        (links?.array ?? []).first { $0["relation"]?.string == "next" }?["url"]?.string.flatMap(URL.init(string:))
    }

    /// `GET fhir/R4/{type}/{id}`.
    public func read(_ type: String, _ id: String) async throws -> JSONValue {
        try await json(request(.get, "fhir/R4/\(type)/\(id)", route: "/fhir/R4/\(type)/:id"))
    }

    /// `GET fhir/R4/{type}/{id}/_history` in extended mode, so every version keeps its
    /// `meta.author`: a `history` Bundle, newest first, deletions included (contract 4.1).
    public func history(_ type: String, _ id: String) async throws -> JSONValue {
        try await json(request(.get, "fhir/R4/\(type)/\(id)/_history", headers: [MedplumClient.extendedMode], route: "/fhir/R4/\(type)/:id/_history"))
    }

    /// `PUT fhir/R4/{type}/{id}` guarded by `If-Match` with the version read (contract 4.2).
    public func update(_ resource: JSONValue, ifMatch version: String) async throws -> JSONValue {
        let type = resource["resourceType"]?.string ?? ""
        let id = resource["id"]?.string ?? ""
        return try await json(request(
            .put, "fhir/R4/\(type)/\(id)", body: resource, headers: [("If-Match", "W/\"\(version)\"")], route: "/fhir/R4/\(type)/:id"
        ))
    }

    /// `DELETE fhir/R4/{type}/{id}` (idempotent: an already deleted resource answers 200).
    public func delete(_ type: String, _ id: String) async throws {
        _ = try await json(request(.delete, "fhir/R4/\(type)/\(id)", route: "/fhir/R4/\(type)/:id"))
    }

    /// `POST fhir/R4` with a batch Bundle; returns each entry's response in entry order.
    public func batch(_ entries: [JSONValue]) async throws -> [JSONValue] {
        let bundle: JSONValue = ["resourceType": "Bundle", "type": "batch", "entry": .array(entries)]
        // Each entry is conditional or versioned, so repeating the whole batch is safe.
        let response = try await json(request(.post, "fhir/R4", body: bundle, route: "/fhir/R4", retry: .idempotent))
        return response["entry"]?.array ?? []
    }

    /// A `next` link must point at the server we authenticated to: never send the token elsewhere.
    func checkSameServer(_ link: URL) throws {
        guard let base = URL(string: connection.baseURL.description), link.host == base.host, link.port == base.port, link.scheme == base.scheme else {
            throw MedplumError(request: "GET \(link.path)", status: 0, message: "a paging link points at another server (\(link.host ?? "?")); refusing to follow it")
        }
    }
}
