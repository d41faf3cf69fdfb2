import Foundation

/// The `--state` persistence: an append-only file of JSON lines, one `StateChange` each, written
/// before the request that made the change is answered. A restart replays it and then compacts it
/// to one line per live record.
///
/// Each change is handed to the kernel with one `write(2)` on an `O_APPEND` descriptor, so a
/// process that is killed right after answering loses nothing; a torn last line (the machine lost
/// power mid-write) is skipped on replay.
struct Journal: Sendable {
    let path: String
    private let descriptor: Int32

    /// Opens (creating it if needed) the journal at `path` for appending.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError(message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        descriptor = fd
    }

    /// Appends one change.
    func append(_ change: StateChange) {
        guard var line = try? JSONEncoder().encode(change) else { return }
        line.append(0x0A)
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Closes the descriptor.
    func close() {
        _ = Foundation.close(descriptor)
    }

    /// The changes recorded at `path`, in order; a missing file is an empty journal.
    static func read(path: String) throws -> [StateChange] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        var changes: [StateChange] = []
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            // Only a torn final line can fail to decode; everything before it was whole.
            guard let change = try? decoder.decode(StateChange.self, from: Data(line)) else { continue }
            changes.append(change)
        }
        return changes
    }

    /// Atomically replaces the journal at `path` with `changes` (write a temporary file, flush it,
    /// rename it over the old one).
    static func rewrite(path: String, with changes: [StateChange]) throws {
        let encoder = JSONEncoder()
        var data = Data()
        for change in changes {
            data.append(try encoder.encode(change))
            data.append(0x0A)
        }
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw JournalError(message: "cannot write \(temporary)")
        }
        let fd = open(temporary, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            _ = Foundation.close(fd)
        }
        guard rename(temporary, path) == 0 else {
            throw JournalError(message: "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The state directory could not be read or written.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
