/// `/fhir/R4/*`: the public documents, then authentication, then the FHIR router, whose unknown
/// paths are 404 OperationOutcomes (not Express's HTML page).
extension MedplumServer {
    func fhir(_ incoming: IncomingRequest, segments: [String], body: ParsedBody, auth: AuthState?) async -> Reply {
        let base = baseURL.value
        if incoming.method == "GET" || incoming.method == "HEAD" {
            switch segments {
            case ["metadata"]: return PublicEndpoints.capabilityStatement(baseURL: base)
            case ["$versions"]: return PublicEndpoints.versions
            case [".well-known", "smart-configuration"]: return PublicEndpoints.smartConfiguration(baseURL: base)
            case [".well-known", "smart-styles.json"]: return PublicEndpoints.smartStyles
            default: break
            }
        }
        if let refusal = requireAuth(incoming, auth) { return refusal }
        guard let auth else { return .outcome(.unauthorized, tracing: incoming.tracing) }

        var query = incoming.query
        if incoming.method == "POST", segments.count == 2, segments[1] == "_search" {
            query = body.formPairs + query
        }
        var request = FhirRequest(
            method: incoming.method, segments: segments, query: query, body: body.json)
        request.ifMatch = incoming.header("If-Match")
        request.ifNoneExist = incoming.header("If-None-Exist")
        let caller = auth.caller
        let environment = FhirEnvironment(baseURL: base, now: store.now, quota: quota, project: auth.project)
        let atomic = segments.isEmpty && StoreState.isAtomicTransaction(request.body, caller: caller)

        let (result, usage) = await execute(request, caller: caller, environment: environment, atomic: atomic)
        var reply: Reply
        switch result {
        case .success(let fhir):
            reply = render(
                fhir, tracing: incoming.tracing, baseURL: base,
                pretty: incoming.query.contains { $0.name == "_pretty" && $0.value == "true" },
                minimal: incoming.header("Prefer")?.contains("return=minimal") ?? false)
        case .failure(let outcome):
            reply = .outcome(outcome, tracing: incoming.tracing)
        }
        reply.fhirInteractions = usage.header
        return reply
    }

    private func execute(_ request: FhirRequest, caller: Caller, environment: FhirEnvironment, atomic: Bool) async
        -> (Result<FhirResult, Outcome>, FhirQuota.Usage)
    {
        let step: @Sendable (inout StoreState) throws -> (Result<FhirResult, Outcome>, FhirQuota.Usage) = { state in
            var usage = FhirQuota.Usage()
            do throws(Outcome) {
                let result = try state.execute(request, caller: caller, environment: environment, usage: &usage)
                return (.success(result), usage)
            } catch {
                // A transaction must undo everything: throw so the store drops its copy.
                if atomic { throw TransactionFailure(outcome: error, usage: usage) }
                return (.failure(error), usage)
            }
        }
        do {
            return atomic ? try await store.runAtomically(step) : try await store.run(step)
        } catch let failure as TransactionFailure {
            return (.failure(failure.outcome), failure.usage)
        } catch {
            return (.failure(.serverError("\(error)")), FhirQuota.Usage())
        }
    }

    /// `sendResponse`: the status from the outcome, `ETag` and `Last-Modified` for a resource,
    /// `Location` (no `_history`) when created; `Prefer: return=minimal` empties the body.
    private func render(_ result: FhirResult, tracing: Tracing, baseURL: String, pretty: Bool, minimal: Bool) -> Reply {
        var reply: Reply
        if let resource = result.resource {
            reply = .fhir(bytes: resource.bytes, status: result.outcome.status)
            reply.setHeader("ETag", "W/\"\(resource.versionID)\"")
            reply.setHeader("Last-Modified", Instant.httpDate(resource.lastUpdated))
            if result.outcome.id == "created" {
                reply.setHeader("Location", "\(baseURL)fhir/R4/\(resource.resourceType)/\(resource.id)")
            }
        } else if let bytes = result.bytes {
            reply = .fhir(bytes: bytes, status: result.outcome.status)
        } else {
            return .outcome(result.outcome, tracing: tracing)
        }
        if minimal {
            reply.body = []
        } else if pretty, let parsed = try? JSONParser.parse(reply.body) {
            reply.body = JSONWriter.serialize(parsed, indent: 2)
        }
        return reply
    }
}

/// A failed transaction, carried out of the store so that the state copy is dropped.
private struct TransactionFailure: Error {
    let outcome: Outcome
    let usage: FhirQuota.Usage
}
