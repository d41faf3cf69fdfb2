/// A FHIR REST request relative to `fhir/R4/`, from HTTP or from a batch entry.
struct FhirRequest: Sendable {
    var method: String
    /// Decoded path segments after `fhir/R4/` (empty for the batch endpoint).
    var segments: [String]
    var query: [(name: String, value: String)] = []
    var body: JSON?
    var ifMatch: String?
    var ifNoneExist: String?

    init(method: String, segments: [String], query: [(name: String, value: String)], body: JSON?) {
        self.method = method
        self.segments = segments
        self.query = query
        self.body = body
    }

    /// A batch entry's `request.url` (`Patient`, `Patient/<id>`, `User?email:exact=x`).
    init(method: String, url: String, body: JSON?) {
        let trimmed = url.hasPrefix("/") ? String(url.dropFirst()) : url
        let question = trimmed.firstIndex(of: "?")
        let path = question.map { trimmed[..<$0] } ?? trimmed[...]
        let queryString = question.map { trimmed[trimmed.index(after: $0)...] }
        self.init(
            method: method.uppercased(),
            segments: path.split(separator: "/", omittingEmptySubsequences: true).map(URLEncoding.decodePath),
            query: queryString.map(URLEncoding.pairs) ?? [],
            body: body)
    }
}

/// The FHIR interactions, resolved from method and path (Medplum's `FhirRouter` table).
enum FhirRoute: Sendable, Equatable {
    case batch
    case search(String)
    case create(String)
    case read(String, String)
    case vread(String, String, String)
    case history(String, String)
    case update(String, String)
    case patch(String, String)
    case delete(String, String)
    case conditionalUpdate(String)
    case conditionalPatch(String)
    case conditionalDelete(String)
    case operation(String, String?, String)

    /// The route for a request, or nil for paths Medplum's FHIR router does not serve (404).
    static func resolve(_ request: FhirRequest) -> FhirRoute? {
        let segments = request.segments
        switch (request.method, segments.count) {
        case ("POST", 0):
            return .batch
        case ("GET", 1), ("HEAD", 1):
            return segments[0].hasPrefix("$") ? nil : .search(segments[0])
        case ("POST", 1):
            if segments[0].hasPrefix("$") { return .operation("", nil, segments[0]) }
            return .create(segments[0])
        case ("PUT", 1):
            return .conditionalUpdate(segments[0])
        case ("PATCH", 1):
            return .conditionalPatch(segments[0])
        case ("DELETE", 1):
            return .conditionalDelete(segments[0])
        case ("POST", 2) where segments[1] == "_search":
            return .search(segments[0])
        case ("POST", 2) where segments[1].hasPrefix("$"), ("GET", 2) where segments[1].hasPrefix("$"):
            return .operation(segments[0], nil, segments[1])
        case ("GET", 2), ("HEAD", 2):
            return .read(segments[0], segments[1])
        case ("PUT", 2):
            return .update(segments[0], segments[1])
        case ("PATCH", 2):
            return .patch(segments[0], segments[1])
        case ("DELETE", 2):
            return .delete(segments[0], segments[1])
        case ("GET", 3) where segments[2] == "_history", ("HEAD", 3) where segments[2] == "_history":
            return .history(segments[0], segments[1])
        case ("POST", 3) where segments[2].hasPrefix("$"), ("GET", 3) where segments[2].hasPrefix("$"):
            return .operation(segments[0], segments[1], segments[2])
        case ("GET", 4) where segments[2] == "_history", ("HEAD", 4) where segments[2] == "_history":
            return .vread(segments[0], segments[1], segments[3])
        default:
            return nil
        }
    }

    /// The interaction bucket batch processing orders entries by.
    var batchOrder: Int {
        switch self {
        case .batch: return 0
        case .delete, .conditionalDelete: return 1
        case .create: return 2
        case .update, .conditionalUpdate: return 3
        case .patch, .conditionalPatch: return 4
        case .operation: return 5
        case .search: return 6
        case .read: return 7
        case .vread: return 8
        case .history: return 9
        }
    }
}

/// What a FHIR interaction produced: the outcome (which decides the status) and a body.
struct FhirResult: Sendable {
    var outcome: Outcome
    /// A single resource (sent with `ETag`, `Last-Modified`, and `Location` when created).
    var resource: RenderedResource?
    /// Any other body (Bundles, operation results).
    var bytes: [UInt8]?

    static func resource(_ resource: RenderedResource, created: Bool = false) -> FhirResult {
        FhirResult(outcome: created ? .created : .allOK, resource: resource)
    }
}
