#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The `--state` journal: one JSON line per write, appended and fsynced before the request that
/// made the write is answered, replayed in order at start.
final class Journal: Sendable {
    private let descriptor: Int32
    let path: String

    /// Opens (creating if needed) the journal in `directory`.
    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("journal.jsonl")
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw JournalError(message: "cannot open \(path): errno \(errno)") }
    }

    deinit {
        close(descriptor)
    }

    /// Appends entries and waits until they are on disk.
    func append(_ entries: [JournalEntry]) {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes.append(contentsOf: JSONWriter.serialize(Self.encode(entry)))
            bytes.append(0x0A)
        }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        fsync(descriptor)
    }

    /// The entries written so far (a torn last line from a crash is skipped).
    static func read(directory: String) -> [JournalEntry] {
        let path = (directory as NSString).appendingPathComponent("journal.jsonl")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: 0x0A).compactMap { line in
            (try? JSONParser.parse([UInt8](line))).flatMap(decode)
        }
    }

    private static func encode(_ entry: JournalEntry) -> JSON {
        switch entry {
        case .version(let resourceType, let id, let versionID, let lastUpdated, let resource):
            return [
                "t": .string(resourceType), "i": .string(id), "v": .string(versionID),
                "u": .number(Double(lastUpdated)), "r": resource ?? .null,
            ]
        case .login(let login):
            var object: JSONObject = [
                "id": .string(login.id), "client": .string(login.clientID), "membership": .string(login.membershipID),
                "scope": .string(login.scope), "authTime": .number(Double(login.authTime)), "revoked": .bool(login.revoked),
            ]
            if let address = login.remoteAddress { object["remoteAddress"] = .string(address) }
            if let agent = login.userAgent { object["userAgent"] = .string(agent) }
            return ["login": .object(object)]
        }
    }

    private static func decode(_ json: JSON) -> JournalEntry? {
        if let login = json["login"] {
            guard let id = login["id"]?.stringValue, let client = login["client"]?.stringValue,
                let membership = login["membership"]?.stringValue
            else { return nil }
            return .login(
                LoginRecord(
                    id: id, clientID: client, membershipID: membership, scope: login["scope"]?.stringValue ?? "openid",
                    authTime: Int64(login["authTime"]?.numberValue ?? 0), remoteAddress: login["remoteAddress"]?.stringValue,
                    userAgent: login["userAgent"]?.stringValue, revoked: login["revoked"]?.boolValue ?? false))
        }
        guard let type = json["t"]?.stringValue, let id = json["i"]?.stringValue, let version = json["v"]?.stringValue,
            let lastUpdated = json["u"]?.numberValue
        else { return nil }
        let resource = json["r"] == .null ? nil : json["r"]
        return .version(
            resourceType: type, id: id, versionID: version, lastUpdated: Int64(lastUpdated), resource: resource)
    }
}

/// The journal could not be opened.
struct JournalError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension StoreState {
    /// Re-applies journaled writes (without journaling them again).
    mutating func replay(_ entries: [JournalEntry]) {
        for entry in entries {
            switch entry {
            case .version(let resourceType, let id, let versionID, let lastUpdated, let resource):
                commit(
                    resourceType: resourceType, id: id, versionID: versionID, lastUpdated: lastUpdated,
                    resource: resource, journal: false)
            case .login(let login):
                putClientLogin(login, journal: false)
            }
        }
    }
}
