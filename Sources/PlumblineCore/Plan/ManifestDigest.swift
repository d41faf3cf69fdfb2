import Crypto
import Foundation

/// A fingerprint of the manifests a plan was made from: SHA-256 over every file's path (relative
/// to the manifests directory, so `Manifests` and `./Manifests` agree) and text, in path order. A
/// saved plan is refused when the manifests no longer have it.
public enum ManifestDigest {
    public static func of(_ files: [SourceFile], relativeTo root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let entries = files.map { file in
            (path: file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path, text: file.text)
        }
        var hasher = SHA256()
        for file in entries.sorted(by: { $0.path < $1.path }) {
            hasher.update(data: Data("\(file.path.utf8.count):\(file.path)\(file.text.utf8.count):".utf8))
            hasher.update(data: Data(file.text.utf8))
        }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
