import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore

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
}

/// What a plan must at least do: get a token, then fetch every page of the project's policies,
/// clients and memberships, one request after another, with nothing else.
enum BareLoop {
    static func fetch(_ sandbox: RunningMedplumSandbox) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        let session = URLSession(configuration: .ephemeral)
        var token = URLRequest(url: URL(string: sandbox.baseURL + "oauth2/token")!)
        token.httpMethod = "POST"
        token.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        token.httpBody = Data("grant_type=client_credentials&client_id=\(sandbox.credentials.clientId)&client_secret=\(sandbox.credentials.clientSecret)".utf8)
        let (tokenData, _) = try await session.data(for: token)
        guard let accessToken = try JSONValue.parse(tokenData)["access_token"]?.string else { throw BenchmarkError("no token") }
        func get(_ url: URL) async throws -> JSONValue {
            var request = URLRequest(url: url)
            request.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            return try JSONValue.parse(data)
        }
        _ = try await get(URL(string: sandbox.baseURL + "fhir/R4/Project/\(sandbox.credentials.projectId)")!)
        for type in ["AccessPolicy", "ClientApplication", "ProjectMembership"] {
            var next = URL(string: sandbox.baseURL + "fhir/R4/\(type)?_count=1000&_sort=_lastUpdated")
            while let url = next {
                let page = try await get(url)
                next = (page["link"]?.array ?? []).first { $0["relation"]?.string == "next" }?["url"]?.string.flatMap(URL.init(string:))
            }
        }
        return clock.now - start
    }
}

/// Manifest files in a fresh temporary directory.
struct TemporaryManifests {
    let directory: String

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
}
