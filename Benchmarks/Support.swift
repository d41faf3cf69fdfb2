import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore
import StytchSandbox

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs a plumbline command in this process, output discarded, and times it.
enum InProcess {
    static func run(_ arguments: [String], variables: [String: String]) async -> (Int32, Duration) {
        let console = CapturedConsole()
        let clock = ContinuousClock()
        let start = clock.now
        let status = await Console.$current.withValue(console.console) {
            await Runtime.$current.withValue(Runtime(variables: variables)) {
                await Entrypoint.run(arguments)
            }
        }
        if status != 0 && status != 2 { FileHandle.standardError.write(Data(console.error.utf8)) }
        return (status, clock.now - start)
    }
}

enum Variables {
    static func medplum(_ sandbox: RunningMedplumSandbox) -> [String: String] {
        [
            "MEDPLUM_BASE_URL": sandbox.baseURL, "MEDPLUM_PROJECT_ID": sandbox.credentials.projectId,
            "MEDPLUM_CLIENT_ID": sandbox.credentials.clientId, "MEDPLUM_CLIENT_SECRET": sandbox.credentials.clientSecret,
        ]
    }

    static func stytch(_ sandbox: RunningStytchSandbox) -> [String: String] {
        ["STYTCH_BASE_URL": sandbox.baseURL, "STYTCH_PROJECT_ID": sandbox.credentials.projectId, "STYTCH_SECRET": sandbox.credentials.secret]
    }
}

/// What a plan must at least do: get a token, then fetch every page of the project's policies,
/// clients and memberships, one request after another, with nothing else; with Stytch, every
/// page of organizations and of their members, beside it as a plan does.
enum BareLoop {
    /// Where the pages are and the credentials that read them: the variables plumbline reads.
    struct Servers: Sendable {
        let variables: [String: String]

        func value(_ name: String) throws -> String {
            guard let value = variables[name] else { throw BenchmarkError("\(name) is not set") }
            return value
        }
    }

    static func fetchBoth(_ medplum: RunningMedplumSandbox, _ stytch: RunningStytchSandbox) async throws -> Duration {
        try await fetchBoth(Servers(variables: Variables.medplum(medplum).merging(Variables.stytch(stytch)) { $1 }))
    }

    static func fetchBoth(_ servers: Servers) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        async let medplumPages = fetchMedplum(servers)
        async let stytchPages = fetchStytch(servers)
        _ = try await (medplumPages, stytchPages)
        return clock.now - start
    }

    static func fetchStytch(_ servers: Servers) async throws {
        let baseURL = try servers.value("STYTCH_BASE_URL")
        let session = URLSession(configuration: .ephemeral)
        let authorization = "Basic " + Data("\(try servers.value("STYTCH_PROJECT_ID")):\(try servers.value("STYTCH_SECRET"))".utf8).base64EncodedString()
        func call(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
            var request = URLRequest(url: URL(string: baseURL + path)!)
            request.httpMethod = method
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(body.encoded())
            }
            let (data, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw BenchmarkError("\(method) \(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)") }
            return try JSONValue.parse(data)
        }
        func searchAll(_ path: String, items: String, body: JSONValue) async throws -> [JSONValue] {
            var results: [JSONValue] = []
            var cursor: String?
            repeat {
                var page = body
                page["limit"] = 1000
                if let cursor { page["cursor"] = .string(cursor) }
                let response = try await call("POST", path, page)
                results += response[items]?.array ?? []
                cursor = response["results_metadata"]?["next_cursor"]?.string
            } while cursor != nil
            return results
        }
        _ = try await call("GET", "v1/b2b/rbac/policy")
        let organizations = try await searchAll("v1/b2b/organizations/search", items: "organizations", body: [:])
        _ = try await searchAll("v1/b2b/organizations/members/search", items: "members", body: [
            "organization_ids": .array(organizations.compactMap { $0["organization_id"] }),
            "query": ["operator": "AND", "operands": [["filter_name": "statuses", "filter_value": ["active", "pending", "invited", "deleted"]]]],
        ])
    }

    static func fetch(_ sandbox: RunningMedplumSandbox) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await fetchMedplum(Servers(variables: Variables.medplum(sandbox)))
        return clock.now - start
    }

    static func fetchMedplum(_ servers: Servers) async throws {
        let baseURL = try servers.value("MEDPLUM_BASE_URL")
        let session = URLSession(configuration: .ephemeral)
        var token = URLRequest(url: URL(string: baseURL + "oauth2/token")!)
        token.httpMethod = "POST"
        token.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        token.httpBody = Data("grant_type=client_credentials&client_id=\(try servers.value("MEDPLUM_CLIENT_ID"))&client_secret=\(try servers.value("MEDPLUM_CLIENT_SECRET"))".utf8)
        let (tokenData, _) = try await session.data(for: token)
        guard let accessToken = try JSONValue.parse(tokenData)["access_token"]?.string else { throw BenchmarkError("no token") }
        func get(_ url: URL) async throws -> JSONValue {
            var request = URLRequest(url: url)
            request.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            return try JSONValue.parse(data)
        }
        _ = try await get(URL(string: baseURL + "fhir/R4/Project/\(try servers.value("MEDPLUM_PROJECT_ID"))")!)
        for type in ["AccessPolicy", "ClientApplication", "ProjectMembership"] {
            var next = URL(string: baseURL + "fhir/R4/\(type)?_count=1000&_sort=_lastUpdated")
            while let url = next {
                let page = try await get(url)
                next = (page["link"]?.array ?? []).first { $0["relation"]?.string == "next" }?["url"]?.string.flatMap(URL.init(string:))
            }
        }
    }
}

/// Manifest files in a fresh temporary directory, removed when the value goes away.
final class TemporaryManifests {
    let directory: String

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    init(_ files: [String: String]) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-bench-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        directory = root.path
    }
}

/// The machine the numbers were measured on.
enum Machine {
    static var description: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / 1_073_741_824
        return "Measured on \(cores) cores, \(memory) GiB of memory, \(ProcessInfo.processInfo.operatingSystemVersionString); sandboxes on 127.0.0.1 in the same process; release build."
    }

    /// Which plumbline the runs in child processes start.
    static var binary: String {
        "Runs in a child process start \(ChildProcess.chosenPlumbline.map { "`\($0)` (`--plumbline`)" } ?? "the release `plumbline` beside the benchmark")."
    }
}
