import ArgumentParser
import Foundation
import MedplumSandbox
import PlumblineCore
import SandboxFixtures
import SandboxSupport
import StytchSandbox
import UnixSignals

extension PlumblineCommand {
    /// `plumbline sandbox`: runs both emulators until SIGINT or SIGTERM (DESIGN §7).
    struct Sandbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "Run the Medplum and Stytch emulators until interrupted.",
            discussion: """
                When both listen, writes --env-file with the variables the example 'sandbox' environment reads \
                (file mode 0600: it holds the sandboxes' secrets). Port 0 picks a free port.
                """
        )

        @Option(name: .long, help: "The interface to listen on.") var host = "127.0.0.1"
        @Option(name: .long, help: "The Medplum emulator's port (0 = any free port).") var medplumPort = 0
        @Option(name: .long, help: "The Stytch emulator's port (0 = any free port).") var stytchPort = 0
        @Option(name: .long, help: ArgumentHelp("Write NAME=value lines for the sandbox environment here.", valueName: "path")) var envFile: String?
        @Option(name: .long, help: ArgumentHelp("A JSON seed: {\"medplum\": {\"resources\": […]}, \"stytch\": {\"organizations\": […]}}.", valueName: "file")) var seed: String?
        @Option(name: .long, help: ArgumentHelp("Keep the emulators' data here across restarts.", valueName: "dir")) var state: String?
        @Option(name: .long, help: ArgumentHelp("Medplum's CORS allowedOrigins, comma-separated.", valueName: "list")) var medplumAllowedOrigins = "http://localhost:3000"
        @Option(name: .long, help: ArgumentHelp("The Stytch RBAC policy (JSON, the policy object of GET /v1/b2b/rbac/policy).", valueName: "file")) var stytchRbacPolicy: String?

        func run() async throws {
            let console = Console.current
            var options = SandboxLauncher.Options()
            options.host = host
            options.medplumPort = medplumPort
            options.stytchPort = stytchPort
            options.stateDirectory = state
            options.allowedOrigins = medplumAllowedOrigins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            options.seed = try seed.map { try SandboxLauncher.Seed.read($0) } ?? SandboxLauncher.Seed()
            options.rbacPolicy = try stytchRbacPolicy.map { try SandboxLauncher.readFile($0) }
            try await SandboxLauncher.run(options) { sandboxes in
                if let envFile {
                    try SandboxLauncher.writeEnvironmentFile(sandboxes.variables, to: envFile)
                }
                console.printError("Medplum sandbox: \(sandboxes.medplum.baseURL)")
                console.printError("Stytch sandbox:  \(sandboxes.stytch.baseURL)")
                if let envFile { console.printError("variables for the 'sandbox' environment written to \(envFile)") }
                console.printError("press Ctrl-C to stop")
                for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { break }
                console.printError("stopping")
            }
        }
    }
}

/// Starts both emulators inside this process for as long as a command needs them: for
/// `plumbline sandbox`, and for `--sandbox` on the commands that talk to servers.
enum SandboxLauncher {
    struct Options {
        var host = "127.0.0.1"
        var medplumPort = 0
        var stytchPort = 0
        var stateDirectory: String?
        var allowedOrigins = ["http://localhost:3000"]
        var seed = Seed()
        var rbacPolicy: Data?
    }

    /// A seed for both emulators, each section in that emulator's own shape.
    struct Seed {
        var medplum: Data?
        var stytch: Data?
        /// Fixed Medplum credentials, for seeds that must name the project (generated in-process).
        var medplumCredentials: MedplumSandboxCredentials?

        static func read(_ path: String) throws -> Seed {
            let data = try readFile(path)
            guard let json = try? JSONValue.parse(data), json.object != nil else {
                throw CommandFailure.exit(.usage, "seed file '\(path)' is not a JSON object with 'medplum' and/or 'stytch'")
            }
            return Seed(medplum: json["medplum"]?.encoded(), stytch: json["stytch"]?.encoded())
        }
    }

    struct Running {
        let medplum: RunningMedplumSandbox
        let stytch: RunningStytchSandbox

        /// The variables of DESIGN §7, exactly what the example `sandbox` environment reads.
        var variables: [String: String] {
            [
                "MEDPLUM_BASE_URL": medplum.baseURL,
                "MEDPLUM_PROJECT_ID": medplum.credentials.projectId,
                "MEDPLUM_CLIENT_ID": medplum.credentials.clientId,
                "MEDPLUM_CLIENT_SECRET": medplum.credentials.clientSecret,
                "MEDPLUM_SUPERADMIN_CLIENT_ID": medplum.credentials.superAdminClientId,
                "MEDPLUM_SUPERADMIN_CLIENT_SECRET": medplum.credentials.superAdminClientSecret,
                "STYTCH_BASE_URL": stytch.baseURL,
                "STYTCH_PROJECT_ID": stytch.credentials.projectId,
                "STYTCH_SECRET": stytch.credentials.secret,
                "STYTCH_MANAGEMENT_BASE_URL": stytch.managementBaseURL,
                "STYTCH_PROJECT_SLUG": stytch.credentials.projectSlug,
                "STYTCH_ENVIRONMENT_SLUG": stytch.credentials.environmentSlug,
                "STYTCH_MANAGEMENT_KEY_ID": stytch.credentials.managementKeyId,
                "STYTCH_MANAGEMENT_SECRET": stytch.credentials.managementSecret,
            ]
        }
    }

    static func run<T: Sendable>(_ options: Options, _ body: (Running) async throws -> T) async throws -> T {
        var medplum = MedplumSandboxConfiguration(
            host: options.host, port: options.medplumPort, allowedOrigins: options.allowedOrigins,
            stateDirectory: options.stateDirectory.map { "\($0)/medplum" }, seed: options.seed.medplum
        )
        let stytch = StytchSandboxConfiguration(
            host: options.host, port: options.stytchPort, stateDirectory: options.stateDirectory.map { "\($0)/stytch" },
            seed: options.seed.stytch, rbacPolicy: options.rbacPolicy
        )
        // Fixed credentials let a seed refer to the project; a state directory keeps its own.
        if options.stateDirectory == nil, let credentials = options.seed.medplumCredentials {
            medplum.credentials = credentials
        }
        do {
            return try await MedplumSandbox.withRunning(medplum) { runningMedplum in
                try await StytchSandbox.withRunning(stytch) { runningStytch in
                    try await body(Running(medplum: runningMedplum, stytch: runningStytch))
                }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw CommandFailure.exit(.unexpectedFailure, "the sandboxes could not start: \(error)")
        }
    }

    /// `NAME=value` lines, mode 0600: the file holds the sandboxes' secrets.
    static func writeEnvironmentFile(_ variables: [String: String], to path: String) throws {
        let text = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CommandFailure.exit(.usage, "cannot write --env-file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw CommandFailure.exit(.usage, "cannot write --env-file \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// What `--sandbox` seeds the emulators with: the manifests' project as a real installation
    /// would have it, drift, strays and stale sessions included (`DemoFixture`).
    static func demoSeed(for manifests: ManifestSet, now: Date) -> Seed {
        let credentials = MedplumSandboxCredentials.generate()
        let fixture = DemoFixture(manifests: manifests, projectId: credentials.projectId, now: now)
        return Seed(medplum: fixture.medplumSeed, stytch: fixture.stytchSeed, medplumCredentials: credentials)
    }

    static func readFile(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.exit(.usage, "cannot read '\(path)'")
        }
        return data
    }
}

