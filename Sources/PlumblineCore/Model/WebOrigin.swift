import Foundation

/// A browser origin, `scheme://host[:port]`, exactly as a browser sends it in the `Origin` header.
///
/// CORS compares origins as exact strings, so anything a browser would never send — a path, a
/// trailing slash, upper case, the scheme's default port — is refused with the form to write instead.
public struct WebOrigin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?

    public var description: String {
        port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// Whether the host is this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`), where
    /// plain http is acceptable.
    public var isLoopback: Bool { Self.isLoopback(host: host) }

    static func isLoopback(host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") || host == "[::1]" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Parses an origin or explains, in a phrase that ends with the fix, why it is not one.
    public static func parse(_ text: String) -> Result<WebOrigin, OriginError> {
        if text == "*" || text.contains("*") {
            return .failure(OriginError("'\(text)' is a wildcard; list each origin the app is served from"))
        }
        guard let separator = text.range(of: "://") else {
            return .failure(OriginError("'\(text)' is not an origin; write it as scheme://host[:port], e.g. https://app.example.org"))
        }
        let scheme = String(text[..<separator.lowerBound])
        let rest = text[separator.upperBound...]
        guard scheme.lowercased() == "http" || scheme.lowercased() == "https" else {
            return .failure(OriginError("'\(text)' has scheme '\(scheme)'; an origin uses http or https"))
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        let bare = "\(scheme)://\(authority)"
        if authorityEnd != rest.endIndex {
            let extra = rest[authorityEnd...]
            let what = extra == "/" ? "has a trailing slash" : "has a path, query or fragment"
            return .failure(OriginError("'\(text)' \(what), which a browser never sends in an origin; write '\(bare.lowercased())'"))
        }
        if authority.contains("@") {
            return .failure(OriginError("'\(text)' contains user information; write the origin without it"))
        }
        guard let (host, port) = splitHostAndPort(authority), isValidHost(host) else {
            return .failure(OriginError("'\(text)' has no valid host; write it as scheme://host[:port]"))
        }
        let origin = WebOrigin(scheme: scheme.lowercased(), host: host.lowercased(), port: port)
        if let port, (scheme.lowercased() == "https" && port == 443) || (scheme.lowercased() == "http" && port == 80) {
            let expected = WebOrigin(scheme: origin.scheme, host: origin.host, port: nil)
            return .failure(OriginError("'\(text)' names the default port, which browsers leave out of an origin; write '\(expected)'"))
        }
        if origin.description != text {
            return .failure(OriginError("'\(text)' is not written the way browsers send it; write '\(origin)'"))
        }
        return .success(origin)
    }

    private static func splitHostAndPort(_ authority: String) -> (String, Int?)? {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":"), let port = validPort(after.dropFirst()) else { return nil }
            return (host, port)
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (authority, nil)
        case 2:
            guard let port = validPort(parts[1]) else { return nil }
            return (String(parts[0]), port)
        default: return nil
        }
    }

    private static func validPort(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isNumber), let port = Int(text), (1...65_535).contains(port) else { return nil }
        return port
    }

    private static func isValidHost(_ host: String) -> Bool {
        if host.hasPrefix("[") { return host.count > 2 && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        return DomainName.isValid(host, requireDot: false)
    }
}

/// Why a string is not a usable origin: a phrase that says what is wrong and what to write.
public struct OriginError: Error, Sendable, Equatable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
