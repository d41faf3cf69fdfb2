/// How a live object differs from what the manifests declare (DESIGN §3).
public enum DriftType: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// A managed object whose fields differ from the manifests.
    case changed
    /// A declared object plumbline managed that is no longer on the server.
    case missing
    /// A live object in a managed scope that plumbline does not manage or no manifest declares.
    case unmanaged

    public static func < (lhs: DriftType, rhs: DriftType) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
