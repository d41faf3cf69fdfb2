import Foundation
@testable import MedplumSandbox
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Throughput of the sandbox at benchmark scale (50k people ≈ 150k resources). Opt-in with
/// `PLUMBLINE_SANDBOX_BENCH=1` (optionally `PLUMBLINE_SANDBOX_BENCH_PEOPLE=N`); it prints
/// requests per second and asserts nothing about time.
@Suite("Throughput (opt-in)", .tags(.medium))
struct BenchmarkTests {
    static var enabled: Bool { ProcessInfo.processInfo.environment["PLUMBLINE_SANDBOX_BENCH"] == "1" }
    static var people: Int {
        ProcessInfo.processInfo.environment["PLUMBLINE_SANDBOX_BENCH_PEOPLE"].flatMap(Int.init) ?? 50_000
    }

    /// A User, a Practitioner and a ProjectMembership per person.
    static func seed(people: Int, projectID: String) -> Data {
        var resources: [JSON] = []
        resources.reserveCapacity(people * 3)
        for index in 0..<people {
            let user = MedplumID.generate()
            let practitioner = MedplumID.generate()
            let email = "person\(index)@bench.example"
            resources.append([
                "resourceType": "User", "id": .string(user), "firstName": "Bench", "lastName": .string("Person \(index)"),
                "email": .string(email), "project": .reference("Project/\(projectID)"),
                "meta": ["project": .string(projectID)],
            ])
            resources.append([
                "resourceType": "Practitioner", "id": .string(practitioner),
                "name": [["given": ["Bench"], "family": .string("Person \(index)")]],
                "telecom": [["system": "email", "value": .string(email)]],
            ])
            resources.append([
                "resourceType": "ProjectMembership", "id": .string(MedplumID.generate()),
                "project": .reference("Project/\(projectID)"), "user": .reference("User/\(user)"),
                "profile": .reference("Practitioner/\(practitioner)"),
                "identifier": [["system": "https://plumbline.dev/managed", "value": .string(email)]],
            ])
        }
        return Data(JSONWriter.serialize(["resources": .array(resources)]))
    }

    @Test(.enabled(if: enabled, "set PLUMBLINE_SANDBOX_BENCH=1"))
    func searchPagesAndReadsById() async throws {
        let credentials = MedplumSandboxCredentials.generate()
        let started = Date()
        let seed = Self.seed(people: Self.people, projectID: credentials.projectId)
        let configuration = MedplumSandboxConfiguration(
            seed: seed, limits: MedplumSandboxLimits(requestsPerMinute: -1, fhirQuotaPerMinute: -1),
            credentials: credentials)
        try await withSandbox(configuration) { client, sandbox in
            print("bench: seeded \(Self.people * 3) resources in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            let admin = try await client.adminBearer()
            let page = try await client.fetch("fhir/R4/ProjectMembership?_count=1000", auth: admin).json
            let ids = page["entry"]?.arrayValue?.compactMap { $0["resource"]?["id"]?.stringValue } ?? []
            #expect(ids.count == 1000)
            let port = try #require(URL(string: sandbox.baseURL)?.port)
            let headers = ["Authorization": admin]
            func report(_ label: String, _ rate: Double?) {
                #expect(rate != nil, "\(label) had failures")
                print("bench: \(label): \(String(format: "%.1f", rate ?? 0)) requests/s")
            }
            report("1000-entry search pages (offset 0-9000)", await LoadGenerator.run(port: port, connections: 4, requests: 400, headers: headers) { index in
                "fhir/R4/ProjectMembership?_count=1000&_offset=\((index % 10) * 1000)"
            })
            report("1000-entry first pages", await LoadGenerator.run(port: port, connections: 4, requests: 400, headers: headers) { _ in
                "fhir/R4/ProjectMembership?_count=1000"
            })
            report("1000-entry cursor pages", await LoadGenerator.run(port: port, connections: 4, requests: 400, headers: headers) { _ in
                "fhir/R4/ProjectMembership?_count=1000&_sort=_lastUpdated"
            })
            report("reads by id", await LoadGenerator.run(port: port, connections: 8, requests: 20_000, headers: headers) { index in
                "fhir/R4/ProjectMembership/\(ids[index % ids.count])"
            })
            report("indexed token searches", await LoadGenerator.run(port: port, connections: 8, requests: 5000, headers: headers) { index in
                "fhir/R4/ProjectMembership?identifier=https://plumbline.dev/managed|person\(index % Self.people)@bench.example"
            })
            let urlSessionReads = try await Self.rate(requests: 2000, concurrency: 8) { index in
                try await client.fetch("fhir/R4/ProjectMembership/\(ids[index % ids.count])", auth: admin)
            }
            print("bench: reads by id through URLSession: \(String(format: "%.1f", urlSessionReads)) requests/s")
            let inviteRate = try await Self.rate(requests: 500, concurrency: 4) { index in
                try await client.send(
                    "POST", "admin/projects/\(credentials.projectId)/invite",
                    json: ["resourceType": "Practitioner", "firstName": "New", "lastName": .string("Hire \(index)"),
                           "email": .string("hire\(index)@bench.example"), "sendEmail": false],
                    auth: admin, contentType: "application/json")
            }
            print("bench: invites (URLSession, 4 concurrent): \(String(format: "%.1f", inviteRate)) requests/s")
            let batchStart = Date()
            for _ in 0..<5 {
                let entries: [JSON] = (0..<1000).map { index in
                    ["request": ["method": "POST", "url": "Patient"], "resource": ["resourceType": "Patient", "gender": .string(index % 2 == 0 ? "male" : "female")]]
                }
                let answer = try await client.send("POST", "fhir/R4", json: ["resourceType": "Bundle", "type": "batch", "entry": .array(entries)], auth: admin)
                #expect(answer.status == 200)
            }
            print("bench: 5000 creates in 1000-entry batches: \(String(format: "%.0f", 5000 / Date().timeIntervalSince(batchStart))) creates/s")
        }
    }

    /// Requests per second for `requests` calls spread over `concurrency` workers.
    static func rate(
        requests: Int, concurrency: Int, _ call: @escaping @Sendable (Int) async throws -> HTTPAnswer
    ) async throws -> Double {
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    for index in stride(from: worker, to: requests, by: concurrency) {
                        let answer = try await call(index)
                        #expect(answer.status == 200)
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(requests) / Date().timeIntervalSince(start)
    }
}
