import Foundation
import PlumblineCore

/// Reads every `*.yaml`/`*.yml` below `directory`, naming each file by its path relative to
/// `directory` so diagnostics and golden files do not depend on where the repository lives.
public func sourceFiles(in directory: URL) throws -> [SourceFile] {
    let fileManager = FileManager.default
    let relativePaths = (fileManager.enumerator(atPath: directory.path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        .sorted()
    return try relativePaths.map { relative in
        SourceFile(path: relative, text: try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8))
    }
}
