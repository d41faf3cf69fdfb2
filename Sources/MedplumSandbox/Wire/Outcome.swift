/// A FHIR OperationOutcome as Medplum builds them (`packages/core/src/outcomes.ts`): the HTTP
/// status is derived from `id` (contract table 1.4), and an outcome can be thrown to abort a
/// request with that answer.
struct Outcome: Error, Sendable, Equatable {
    /// One `issue` entry.
    struct Issue: Sendable, Equatable {
        var severity: String
        var code: String
        var text: String?
        /// `details.coding[0].code` (conflicts) .
        var detailsCode: String?
        /// `details.id` (business rules).
        var detailsID: String?
        var diagnostics: String?
        var expression: [String]?
    }

    var id: String?
    var issues: [Issue]

    /// The HTTP status Medplum's `getStatus` derives from the outcome.
    var status: Int {
        switch id {
        case "ok": return 200
        case "created": return 201
        case "accepted": return 202
        case "not-modified": return 304
        case "unauthorized": return 401
        case "forbidden": return 403
        case "not-found": return 404
        case "conflict": return 409
        case "gone": return 410
        case "precondition-failed", "multiple-matches": return 412
        case "unsupported-media-type": return 415
        case "business-rule": return 422
        case "too-many-requests": return 429
        case "server-timeout": return 504
        default: return issues.first?.code == "exception" ? 500 : 400
        }
    }

    /// Whether the outcome counts as success (`isOk` in Medplum: 200, 201, 202 or 304).
    var isOK: Bool { [200, 201, 202, 304].contains(status) }

    /// The outcome as JSON, optionally with the tracing extension `sendOutcome` adds.
    func json(tracing: Tracing? = nil) -> JSON {
        var object: JSONObject = ["resourceType": "OperationOutcome"]
        if let id { object["id"] = .string(id) }
        object["issue"] = .array(issues.map(\.json))
        if let tracing { object["extension"] = tracing.extensionJSON }
        return .object(object)
    }
}

extension Outcome.Issue {
    var json: JSON {
        var object: JSONObject = ["severity": .string(severity), "code": .string(code)]
        var details = JSONObject()
        if let detailsID { details["id"] = .string(detailsID) }
        if let detailsCode { details["coding"] = [["code": .string(detailsCode)]] }
        if let text { details["text"] = .string(text) }
        if !details.isEmpty { object["details"] = .object(details) }
        if let diagnostics { object["diagnostics"] = .string(diagnostics) }
        if let expression { object["expression"] = .array(expression.map(JSON.string)) }
        return .object(object)
    }
}

// MARK: - The outcomes of packages/core/src/outcomes.ts

extension Outcome {
    private static func single(
        _ id: String?, severity: String = "error", code: String, text: String?, expression: [String]? = nil
    ) -> Outcome {
        Outcome(id: id, issues: [Issue(severity: severity, code: code, text: text, expression: expression)])
    }

    static let allOK = single("ok", severity: "information", code: "informational", text: "All OK")
    static let created = single("created", severity: "information", code: "informational", text: "Created")
    static let unauthorized = single("unauthorized", code: "login", text: "Unauthorized")
    static let forbidden = single("forbidden", code: "forbidden", text: "Forbidden")
    static let notFound = single("not-found", code: "not-found", text: "Not found")
    static let gone = single("gone", code: "deleted", text: "Gone")
    static let preconditionFailed = single("precondition-failed", code: "processing", text: "Precondition Failed")
    static let multipleMatches = single(
        "multiple-matches", code: "multiple-matches", text: "Multiple resources found matching condition")
    static let tooManyRequests = single("too-many-requests", code: "throttled", text: "Too Many Requests")

    /// `badRequest(text, expression)`: no id, so 400.
    static func badRequest(_ text: String, expression: String? = nil) -> Outcome {
        single(nil, code: "invalid", text: text, expression: expression.map { [$0] })
    }

    /// `conflict(text, code)`.
    static func conflict(_ text: String, code: String? = nil) -> Outcome {
        Outcome(id: "conflict", issues: [Issue(severity: "error", code: "conflict", text: text, detailsCode: code)])
    }

    /// `serverError(err)`: 500 with the error in diagnostics.
    static func serverError(_ diagnostics: String) -> Outcome {
        Outcome(
            id: nil,
            issues: [Issue(severity: "error", code: "exception", text: "Internal server error", diagnostics: diagnostics)])
    }

    /// `validateResourceType`'s refusal of a name that is not a resource type.
    static let unknownResourceType = single(nil, code: "structure", text: "Unknown resource type")

    /// A FHIR structural validation failure (`code: structure`).
    static func structure(_ text: String, expression: String) -> Outcome {
        single(nil, code: "structure", text: text, expression: [expression])
    }

    /// The express-validator shape: a random UUID id (hence 400) and one `invalid` issue per rule.
    static func invalidRequest(_ failures: [(message: String, field: String?)]) -> Outcome {
        Outcome(
            id: MedplumID.generate(),
            issues: failures.map { failure in
                Issue(severity: "error", code: "invalid", text: failure.message, expression: failure.field.map { [$0] })
            })
    }
}

/// The tracing ids Medplum attaches to every OperationOutcome it sends (`buildTracingExtension`).
struct Tracing: Sendable, Equatable {
    var requestID: String
    var traceID: String

    var extensionJSON: JSON {
        [
            [
                "url": "https://medplum.com/fhir/StructureDefinition/tracing",
                "extension": [
                    ["url": "requestId", "valueId": .string(requestID)],
                    ["url": "traceId", "valueId": .string(traceID)],
                ],
            ]
        ]
    }
}
