import Foundation
import Testing

/// Compares `actual` with the snapshot file `Snapshots/<name>` beside the calling test file.
/// `PLUMBLINE_RECORD=1` rewrites the file and fails the test, so a recording is never a pass; a
/// mismatch records the lines that differ.
public func assertSnapshot(
    _ actual: String, named name: String, filePath: String = #filePath, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if RepositoryPaths.recording {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(url.path)", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot at \(url.path); run with PLUMBLINE_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let difference = actual.split(separator: "\n", omittingEmptySubsequences: false)
        .difference(from: expected.split(separator: "\n", omittingEmptySubsequences: false))
        .map { change -> String in
            switch change {
            case .remove(_, let line, _): "- \(line)"
            case .insert(_, let line, _): "+ \(line)"
            }
        }
    Issue.record("snapshot \(name) differs:\n\(difference.joined(separator: "\n"))", sourceLocation: sourceLocation)
}
