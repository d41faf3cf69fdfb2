import Foundation
import StytchSandbox
import Testing

/// Runs `.sdk-check/check_sdk.py` — Stytch's official Python SDK driving the sandbox — when
/// `PLUMBLINE_STYTCH_SDK_PYTHON` names a Python that has `stytch==15.3.0` installed. Optional
/// fidelity evidence: skipped everywhere else, CI included. (The script lives in a hidden
/// directory because SwiftPM warns about non-Swift files elsewhere in a test target, and the
/// target declares no excludes.)
@Suite("Python SDK self-check", .tags(.medium))
struct SDKCheckTests {
    static let python = ProcessInfo.processInfo.environment["PLUMBLINE_STYTCH_SDK_PYTHON"]

    @Test(.enabled(if: python != nil, "set PLUMBLINE_STYTCH_SDK_PYTHON to a Python with stytch==15.3.0"))
    func officialPythonSDKPassesEveryCheck() async throws {
        let python = try #require(Self.python)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent(".sdk-check/check_sdk.py").path
        let (status, output) = try await withSandbox { client in
            var environment = ProcessInfo.processInfo.environment
            environment["STYTCH_BASE_URL"] = client.baseURL
            environment["STYTCH_PROJECT_ID"] = client.credentials.projectId
            environment["STYTCH_SECRET"] = client.credentials.secret
            environment["STYTCH_MANAGEMENT_BASE_URL"] = client.baseURL
            environment["STYTCH_PROJECT_SLUG"] = client.credentials.projectSlug
            environment["STYTCH_ENVIRONMENT_SLUG"] = client.credentials.environmentSlug
            environment["STYTCH_MANAGEMENT_KEY_ID"] = client.credentials.managementKeyId
            environment["STYTCH_MANAGEMENT_SECRET"] = client.credentials.managementSecret
            return try await Self.run(python, [script], environment: environment)
        }
        print(output)
        #expect(status == 0, "\(output)")
    }

    /// Runs a process to completion without blocking a concurrency thread.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws
        -> (Int32, String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return (status, String(decoding: data, as: UTF8.self))
    }
}
