import Foundation
import PlumblineCore
import PlumblineHTTP

/// A lease on an environment, kept on the Medplum server itself so that two job runs — on two
/// machines or pods — never apply at once, with nothing else to run (issue 10). It is a `Basic`
/// resource identified by the environment: created with `If-None-Exist`, taken over when released
/// or expired with `If-Match` (so two runs racing for an expired lease cannot both win), released
/// by marking it released.
public struct JobLease: Sendable {
    public static let system = "https://plumbline.dev/lease"

    let client: MedplumClient
    let environment: String

    public init(client: MedplumClient, environment: String) {
        self.client = client
        self.environment = environment
    }

    /// The outcome of trying to take the lease.
    public enum Acquisition: Sendable, Equatable {
        case acquired(Held)
        /// Someone else holds it; nothing may be written.
        case heldBy(LeaseRecord)
    }

    /// A lease this run holds: release it with the version it was written at.
    public struct Held: Sendable, Equatable {
        public let record: LeaseRecord
        let id: String
        let version: String
    }

    public func acquire(holder: String, now: Date, ttl: TimeInterval) async throws -> Acquisition {
        let record = LeaseRecord(holder: holder, acquiredAt: now, expiresAt: now.addingTimeInterval(ttl))
        let request = client.request(
            .post, "fhir/R4/Basic", body: resource(record, released: false),
            headers: [("If-None-Exist", "identifier=\(Self.system)|\(environment)")], route: "/fhir/R4/Basic",
            retry: .idempotent
        )
        let response = try await client.send(request)
        let created = try? JSONValue.parse(response.body)
        guard response.isSuccess, let created, let id = created["id"]?.string else {
            throw MedplumError(request: request.countedAs, status: response.status, message: MedplumError.explanation(of: created, raw: String(decoding: response.body, as: UTF8.self)))
        }
        // 201: this run created the lease. 200: one already existed, as it was.
        if response.status == 201 { return .acquired(Held(record: record, id: id, version: LiveMapping.version(created))) }
        let existing = Self.record(created)
        // A retried create whose first attempt did reach the server finds this run's own lease.
        if let existing, existing.holder == record.holder, abs(existing.acquiredAt.timeIntervalSince(record.acquiredAt)) < 0.001 {
            return .acquired(Held(record: record, id: id, version: LiveMapping.version(created)))
        }
        if let existing, !Self.isReleased(created), existing.expiresAt > now { return .heldBy(existing) }
        // Released or expired: take it over, guarded by the version read.
        var takeover = resource(record, released: false)
        takeover["id"] = .string(id)
        do {
            let updated = try await client.update(takeover, ifMatch: LiveMapping.version(created))
            return .acquired(Held(record: record, id: id, version: LiveMapping.version(updated)))
        } catch let error as MedplumError where error.status == 412 {
            let current = try await client.read("Basic", id)
            return .heldBy(Self.record(current) ?? record)
        }
    }

    /// Marks the lease released (only if it is still the one this run took).
    public func release(_ held: Held, now: Date) async throws {
        var released = resource(LeaseRecord(holder: held.record.holder, acquiredAt: held.record.acquiredAt, expiresAt: now), released: true)
        released["id"] = .string(held.id)
        _ = try await client.update(released, ifMatch: held.version)
    }

    private func resource(_ record: LeaseRecord, released: Bool) -> JSONValue {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return [
            "resourceType": "Basic",
            "identifier": [["system": .string(Self.system), "value": .string(environment)]],
            "code": ["coding": [["system": .string(Self.system), "code": "job-lease", "display": "plumbline job lease"]]],
            "extension": [
                ["url": .string("\(Self.system)#holder"), "valueString": .string(record.holder)],
                ["url": .string("\(Self.system)#acquired"), "valueDateTime": .string(formatter.string(from: record.acquiredAt))],
                ["url": .string("\(Self.system)#expires"), "valueDateTime": .string(formatter.string(from: record.expiresAt))],
                ["url": .string("\(Self.system)#released"), "valueBoolean": .bool(released)],
            ],
        ]
    }

    static func record(_ resource: JSONValue) -> LeaseRecord? {
        let extensions = resource["extension"]?.array ?? []
        func value(_ name: String) -> JSONValue? {
            extensions.first { $0["url"]?.string == "\(system)#\(name)" }
        }
        guard let holder = value("holder")?["valueString"]?.string,
              let acquired = value("acquired")?["valueDateTime"]?.string.flatMap(LiveMapping.parseDate),
              let expires = value("expires")?["valueDateTime"]?.string.flatMap(LiveMapping.parseDate)
        else { return nil }
        return LeaseRecord(holder: holder, acquiredAt: acquired, expiresAt: expires)
    }

    static func isReleased(_ resource: JSONValue) -> Bool {
        (resource["extension"]?.array ?? []).first { $0["url"]?.string == "\(system)#released" }?["valueBoolean"] == true
    }
}
