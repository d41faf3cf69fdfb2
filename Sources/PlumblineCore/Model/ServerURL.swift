import Foundation

/// A server base URL such as `https://api.medplum.example.org/`: http or https, a host, an optional
/// port and path, no query, fragment or credentials. Stored with a trailing slash so paths append.
public struct ServerURL: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// The path, always ending in `/`.
    public let path: String

    public var description: String {
        let authority = port.map { "\(host):\($0)" } ?? host
        return "\(scheme)://\(authority)\(path)"
    }

    /// Whether plain http to this server stays on this machine.
    public var isLoopback: Bool { WebOrigin.isLoopback(host: host) }

    /// Parses a base URL, or says why it is not one (a phrase that ends with the fix).
    public static func parse(_ text: String) -> Result<ServerURL, OriginError> {
        guard let separator = text.range(of: "://") else {
            return .failure(OriginError("'\(text)' is not an absolute URL; write it as https://host[:port]/[path]"))
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(OriginError("'\(text)' has scheme '\(scheme)'; use https"))
        }
        let rest = text[separator.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            return .failure(OriginError("'\(text)' has a query or fragment; a base URL has neither"))
        }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<pathStart]
        guard !authority.contains("@") else {
            return .failure(OriginError("'\(text)' contains credentials; give credentials through references, never in the URL"))
        }
        var path = String(rest[pathStart...])
        if !path.hasSuffix("/") { path += "/" }
        switch WebOrigin.parse("\(scheme)://\(authority.lowercased())") {
        case .success(let origin):
            return .success(ServerURL(scheme: origin.scheme, host: origin.host, port: origin.port, path: path))
        case .failure:
            return .failure(OriginError("'\(text)' has no valid host; write it as https://host[:port]/[path]"))
        }
    }
}
