import Foundation
import HTTPTypes
import Hummingbird
import SandboxSupport

/// One endpoint of the emulated API.
struct APIRoute: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let method: HTTPRequest.Method
    let segments: [Segment]
    let handler: @Sendable (StytchCall) async throws -> Response

    /// `METHOD /path/with/:id`: the key of rate limits and request counters.
    var endpoint: String {
        "\(method.rawValue) \(template)"
    }

    /// The path with every parameter written `:id`.
    var template: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .parameter: return ":id"
            }
        }.joined(separator: "/")
    }

    fileprivate var literalCount: Int {
        segments.count { if case .literal = $0 { true } else { false } }
    }

    /// The raw (still percent-encoded) parameter values when `path` fits this route.
    fileprivate func parameters(for path: [Substring]) -> [String: Substring]? {
        guard path.count == segments.count else { return nil }
        var values: [String: Substring] = [:]
        for (segment, component) in zip(segments, path) {
            switch segment {
            case .literal(let text): guard component == text else { return nil }
            case .parameter(let name):
                guard !component.isEmpty else { return nil }
                values[name] = component
            }
        }
        return values
    }
}

/// The emulated API's endpoints, and the matching Stytch's paths need: literal segments win over
/// parameters (`/organizations/search` is not an organization called "search"), a known path
/// with another method is a 405, and parameters are percent-decoded (the SDK encodes `@` and `+`).
///
/// Hummingbird's trie router picks a literal node before it looks at the method, so a GET of a
/// path that is also a literal POST route would miss its parameter route; matching here avoids it.
struct APIRouteTable: Sendable {
    private(set) var routes: [APIRoute] = []

    mutating func add(
        _ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (StytchCall) async throws -> Response
    ) {
        let segments = path.split(separator: "/").map { part -> APIRoute.Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        routes.append(APIRoute(method: method, segments: segments, handler: handler))
    }

    /// The outcome of matching a request.
    enum Match {
        case found(APIRoute, parameters: [String: String])
        case methodNotAllowed
        case notFound
    }

    func match(method: HTTPRequest.Method, path: String) -> Match {
        let components = Self.components(path)
        var best: (route: APIRoute, parameters: [String: Substring])?
        var pathKnown = false
        for route in routes {
            guard let parameters = route.parameters(for: components) else { continue }
            pathKnown = true
            guard route.method == method else { continue }
            if best == nil || route.literalCount > (best?.route.literalCount ?? 0) { best = (route, parameters) }
        }
        if let best {
            let decoded = best.parameters.mapValues { String($0).removingPercentEncoding ?? String($0) }
            return .found(best.route, parameters: decoded)
        }
        return pathKnown ? .methodNotAllowed : .notFound
    }

    /// The endpoint key of a request (`METHOD /template`), or the raw path for unknown routes.
    func endpoint(method: HTTPRequest.Method, path: String) -> String {
        if case .found(let route, _) = match(method: method, path: path) { return route.endpoint }
        return "\(method.rawValue) \(path)"
    }

    /// The route template of a path for the request counters, whatever the method.
    func template(for path: String) -> String {
        let pathOnly = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let components = Self.components(pathOnly)
        let candidates = routes.filter { $0.parameters(for: components) != nil }
        guard let route = candidates.max(by: { $0.literalCount < $1.literalCount }) else {
            return RouteTemplate.replacingIdentifiers(pathOnly)
        }
        return route.template
    }

    private static func components(_ path: String) -> [Substring] {
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.first == "" { components.removeFirst() }
        if components.last == "", components.count > 1 { components.removeLast() }
        return components
    }
}
