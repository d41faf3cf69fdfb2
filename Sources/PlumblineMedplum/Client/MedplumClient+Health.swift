import Foundation
import PlumblineCore
import PlumblineHTTP

extension MedplumClient {
    /// `GET /healthcheck` (contract 7): public, no token, so it tells "the server is down" apart
    /// from "plumbline's credentials are wrong". Throws only when no answer came at all.
    public func healthcheck() async throws -> MedplumHealth {
        let request = HTTPRequest(method: .get, url: url("healthcheck"), headers: [("Accept", "application/json")], route: "/healthcheck")
        let response = try await transport.send(request)
        return MedplumHealth(status: response.status, body: try? JSONValue.parse(response.body))
    }

    /// When `Type/id` was created: the oldest `meta.lastUpdated` in its history (contract 4.1,
    /// 4.5). Medplum keeps no creation time on the resource itself, so this is one history read
    /// (its pages followed) per resource.
    public func createdAt(_ type: String, _ id: String) async throws -> Date? {
        let route = "/fhir/R4/\(type)/:id/_history"
        var next: URL? = url("fhir/R4/\(type)/\(id)/_history")
        var oldest: Date?
        while let page = next {
            try checkSameServer(page)
            let bundle = try await json(HTTPRequest(method: .get, url: page, headers: [("Accept", "application/fhir+json")], route: route))
            for entry in bundle["entry"]?.array ?? [] {
                let stamp = entry["resource"]?["meta"]?["lastUpdated"]?.string ?? entry["response"]?["lastModified"]?.string
                guard let date = stamp.flatMap(LiveMapping.parseDate) else { continue }
                oldest = min(oldest ?? date, date)
            }
            next = (bundle["link"]?.array ?? []).first { $0["relation"]?.string == "next" }?["url"]?.string.flatMap(URL.init(string:))
        }
        return oldest
    }
}
