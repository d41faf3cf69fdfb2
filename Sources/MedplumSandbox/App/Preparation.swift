import Foundation
import SandboxSupport

/// A store ready to serve, with the identities it holds.
struct PreparedSandbox: Sendable {
    let store: MedplumStore
    let key: SigningKey
    let credentials: MedplumSandboxCredentials
}

extension MedplumSandbox {
    /// Builds the store: with a state directory, replays its journal and reuses its credentials
    /// and signing key (seeding only an empty one); without, seeds a fresh in-memory store.
    static func prepare(_ configuration: MedplumSandboxConfiguration) async throws -> PreparedSandbox {
        var state = StoreState()
        state.outbox.failing = configuration.emailDeliveryFails
        let now = Instant.milliseconds(configuration.clock.now())
        guard let directory = configuration.stateDirectory else {
            let credentials = configuration.credentials ?? .generate()
            try state.seed(credentials: credentials, now: now)
            if let seed = configuration.seed { try state.applySeed(seed, projectID: credentials.projectId, now: now) }
            state.pendingJournal.removeAll()
            return PreparedSandbox(
                store: MedplumStore(state: state, clock: configuration.clock), key: SigningKey(),
                credentials: credentials)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let credentials = try StateFiles.credentials(in: directory, requested: configuration.credentials)
        let key = try StateFiles.signingKey(in: directory)
        let entries = Journal.read(directory: directory)
        state.replay(entries)
        let store = MedplumStore(state: state, clock: configuration.clock, journal: try Journal(directory: directory))
        if entries.isEmpty {
            let seed = configuration.seed
            try await store.run { state in
                try state.seed(credentials: credentials, now: now)
                if let seed { try state.applySeed(seed, projectID: credentials.projectId, now: now) }
            }
        }
        return PreparedSandbox(store: store, key: key, credentials: credentials)
    }
}

/// The files next to the journal: `credentials.json` and `signing-key.json`.
enum StateFiles {
    /// The persisted credentials, or `requested` (or fresh ones) written for next time. A state
    /// directory made with other credentials is refused rather than silently mixed.
    static func credentials(in directory: String, requested: MedplumSandboxCredentials?) throws
        -> MedplumSandboxCredentials
    {
        let path = (directory as NSString).appendingPathComponent("credentials.json")
        if let data = FileManager.default.contents(atPath: path) {
            let stored = try JSONDecoder().decode(MedplumSandboxCredentials.self, from: data)
            if let requested, requested != stored {
                throw StateError(
                    message: "\(directory) holds a sandbox created with other credentials; use another --state directory")
            }
            return stored
        }
        let credentials = requested ?? .generate()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(credentials).write(to: URL(fileURLWithPath: path), options: .atomic)
        return credentials
    }

    static func signingKey(in directory: String) throws -> SigningKey {
        let path = (directory as NSString).appendingPathComponent("signing-key.json")
        if let data = FileManager.default.contents(atPath: path), let json = try? JSONParser.parse([UInt8](data)),
            let key = SigningKey(persisted: json)
        {
            return key
        }
        let key = SigningKey()
        try Data(JSONWriter.serialize(key.persisted)).write(to: URL(fileURLWithPath: path), options: .atomic)
        return key
    }
}

/// The state directory cannot be used.
struct StateError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}
