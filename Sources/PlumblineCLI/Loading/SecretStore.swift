import Foundation

/// Writes a new client secret to `<directory>/<client>.secret` with mode 0600 (the directory 0700):
/// the only place a secret plumbline creates ever goes.
struct SecretStore: Sendable {
    let directory: String

    struct WriteFailed: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write secret file \(path): \(reason)" }
    }

    func store(clientName: String, secret: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let safeName = String(clientName.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        let path = "\(directory)/\(safeName).secret"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw WriteFailed(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The file may have existed with looser permissions: tighten them before writing.
        fchmod(descriptor, 0o600)
        let bytes = Array((secret + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw WriteFailed(path: path, reason: String(cString: strerror(errno))) }
        return path
    }
}
