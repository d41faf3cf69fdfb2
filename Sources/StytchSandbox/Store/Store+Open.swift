import Foundation
import _CryptoExtras

/// Starting a store: credentials, signing key, policy, then the saved state or the seed.
extension StytchStore {
    /// Opens the store a configuration describes. With a state directory, credentials and the
    /// signing key are reused from it and the journal is replayed; otherwise (or on first use)
    /// the policy and the seed are applied. `StytchSandbox.withRunning` does this itself; call it
    /// to serve the store from an application of your own (`StytchSandbox.buildApplication`).
    public static func open(_ configuration: StytchSandboxConfiguration) async throws -> StytchStore {
        let directory = configuration.stateDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent("stytch") }
        if let directory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let credentials = try configuration.credentials ?? savedCredentials(in: directory) ?? {
            let generated = StytchSandboxCredentials.generate()
            try save(generated, in: directory)
            return generated
        }()
        let signer = try SessionSigner(privateKey: savedSigningKey(in: directory))
        if let directory {
            let keyFile = directory.appendingPathComponent("session-signing-key.pem")
            if !FileManager.default.fileExists(atPath: keyFile.path) {
                try Data(signer.privateKey.pemRepresentation.utf8).write(to: keyFile, options: .atomic)
            }
        }
        let policy = try PolicyLoader.load(configuration.rbacPolicy ?? StytchSandbox.defaultRBACPolicyJSON)
        let store = StytchStore(
            clock: configuration.clock, credentials: credentials, signer: signer, policy: policy, journal: nil)
        let journalPath = directory?.appendingPathComponent("journal.jsonl").path
        let saved = try journalPath.map { try Journal.read(path: $0) } ?? []
        try await store.start(saved: saved, journalPath: journalPath, seed: configuration.seed)
        return store
    }

    /// Replays saved changes (or applies the seed to a fresh store) and attaches the journal.
    private func start(saved: [StateChange], journalPath: String?, seed: Data?) throws {
        for change in saved { replay(change) }
        if let journalPath {
            // Compact: one line per live record, then keep appending to it.
            try Journal.rewrite(path: journalPath, with: snapshot())
            journal = try Journal(path: journalPath)
        }
        guard saved.isEmpty else { return }
        didChange(.policy(policy))
        didChange(.sdkConfig(sdkConfig))
        if let seed { try applySeed(seed) }
    }

    private static func savedCredentials(in directory: URL?) throws -> StytchSandboxCredentials? {
        guard let file = directory?.appendingPathComponent("credentials.json"),
            let data = FileManager.default.contents(atPath: file.path)
        else { return nil }
        return try JSONDecoder().decode(StytchSandboxCredentials.self, from: data)
    }

    private static func save(_ credentials: StytchSandboxCredentials, in directory: URL?) throws {
        guard let file = directory?.appendingPathComponent("credentials.json") else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(credentials).write(to: file, options: .atomic)
    }

    private static func savedSigningKey(in directory: URL?) throws -> _RSA.Signing.PrivateKey? {
        guard let file = directory?.appendingPathComponent("session-signing-key.pem"),
            let data = FileManager.default.contents(atPath: file.path)
        else { return nil }
        return try _RSA.Signing.PrivateKey(pemRepresentation: String(decoding: data, as: UTF8.self))
    }
}
