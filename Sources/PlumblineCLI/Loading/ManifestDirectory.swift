import Foundation
import PlumblineCore

/// Reads manifest files from disk for the core, which never does I/O itself.
enum ManifestDirectory {
    /// A manifest file larger than this is refused unread: 50,000 people fit in a few MiB.
    static let maximumFileSize = 32 * 1_048_576

    /// The directory does not exist or is not a directory.
    struct NotFound: Error, CustomStringConvertible {
        let path: String
        var description: String { "manifests directory '\(path)' does not exist; pass --manifests DIR" }
    }

    /// Every `*.yaml` and `*.yml` file below `path`, recursively (hidden files and folders
    /// skipped), in a deterministic order, plus a diagnostic for each file that is not UTF-8.
    static func read(_ path: String) throws(NotFound) -> (files: [SourceFile], problems: [Diagnostic]) {
        read(try list(path))
    }

    /// The manifest files below `path` (as `read` finds them) and their sizes, none read yet.
    static func list(_ path: String) throws(NotFound) -> [(path: String, size: Int)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotFound(path: path)
        }
        let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let relativePaths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { relative in
                let components = relative.split(separator: "/")
                return !components.contains { $0.hasPrefix(".") } && (relative.hasSuffix(".yaml") || relative.hasSuffix(".yml"))
            }
            .sorted()
        return relativePaths.map { relative in
            let shown = root == "." ? relative : "\(root)/\(relative)"
            return (shown, size(of: shown))
        }
    }

    /// The file's size, from where its end is. Foundation's `attributesOfItem` (and URL resource
    /// values, built on it) also look the owner and group up in the user database: on a host whose
    /// accounts come from LDAP or sssd, a round trip per manifest file before the first request.
    private static func size(of path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        return Int((try? handle.seekToEnd()) ?? 0)
    }

    /// The files `list` found, read.
    static func read(_ listed: [(path: String, size: Int)]) -> (files: [SourceFile], problems: [Diagnostic]) {
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        for (shown, size) in listed {
            guard size <= maximumFileSize else {
                problems.append(Diagnostic(
                    .error, Diagnostic.Code("file-too-large"), at: SourceLocation(file: shown, line: 1, column: 1),
                    "file is \(size / 1_048_576) MiB; manifest files are limited to \(maximumFileSize / 1_048_576) MiB, split it"
                ))
                continue
            }
            guard let data = FileManager.default.contents(atPath: shown) else { continue }
            switch SourceFile.decode(path: shown, bytes: Array(data)) {
            case .success(let file): files.append(file)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (files, problems)
    }
}
