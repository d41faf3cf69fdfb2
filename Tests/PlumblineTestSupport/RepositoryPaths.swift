import Foundation

/// Paths inside this repository, found from this file's own location so tests work from any
/// working directory on a fresh clone.
public enum RepositoryPaths {
    /// The repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PlumblineTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    public static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }
    public static var manifests: URL { root.appendingPathComponent("Manifests") }
    public static var jobs: URL { root.appendingPathComponent("Jobs") }

    /// Whether golden files should be rewritten instead of compared (`PLUMBLINE_RECORD=1`).
    public static var recording: Bool { ProcessInfo.processInfo.environment["PLUMBLINE_RECORD"] == "1" }
}
