import Foundation

/// Batch and transaction Bundles (contract 4.4, `fhir-router/src/batch.ts`).
extension StoreState {
    /// Whether a request body is a transaction Medplum would run atomically for this caller.
    static func isAtomicTransaction(_ body: JSON?, caller: Caller) -> Bool {
        body?["type"]?.stringValue == "transaction" && caller.transactionsEnabled
    }

    /// Processes the entries in interaction order (deletes, creates, updates, patches, operations,
    /// searches, reads) and answers them in Bundle order. Without the `transaction-bundles` feature
    /// a transaction is a batch that says `transaction-response`; with it, the first failure is
    /// thrown (the caller runs this on a copy of the state and drops it).
    mutating func batch(_ body: JSON?, caller: Caller, environment: FhirEnvironment, usage: inout FhirQuota.Usage)
        throws(Outcome) -> [UInt8]
    {
        guard let body, body["resourceType"]?.stringValue == "Bundle" else { throw Outcome.badRequest("Not a bundle") }
        let bundleType = body["type"]?.stringValue ?? "undefined"
        guard bundleType == "batch" || bundleType == "transaction" else {
            throw Outcome.badRequest("Unrecognized bundle type: \(bundleType)")
        }
        guard var entries = body["entry"]?.arrayValue, !entries.isEmpty else {
            throw Outcome.badRequest("Missing bundle entries")
        }
        let atomic = Self.isAtomicTransaction(body, caller: caller)
        var results = [BatchEntryResult?](repeating: nil, count: entries.count)
        var plan = BatchPlan()
        for index in entries.indices {
            do throws(Outcome) {
                try preprocess(&entries[index], index: index, plan: &plan, atomic: atomic, caller: caller)
            } catch {
                if atomic { throw error }
                results[index] = .failure(error)
            }
        }
        if atomic {
            if plan.updates > 50 {
                throw Outcome.badRequest("Transaction contains more update operations than allowed")
            }
            if plan.requiresSerializable && entries.count > 8 {
                throw Outcome.badRequest("Transaction requires strict isolation but has too many entries")
            }
        }
        let ordering = plan.buckets.sorted { $0.key < $1.key }.flatMap(\.value)
        for (position, index) in ordering.enumerated() {
            let entry = plan.rewrite(entries[index])
            do throws(Outcome) {
                let request = try Self.entryRequest(entry)
                let result = try execute(request, caller: caller, environment: environment, usage: &usage, inBatch: true)
                if atomic && !result.outcome.isOK { throw result.outcome }
                results[index] = .success(result)
            } catch {
                if atomic { throw error }
                if error.status == 429 {
                    for rest in ordering[position...] { results[rest] = .failure(error) }
                    break
                }
                results[index] = .failure(error)
            }
        }
        return render(results, bundleType: bundleType)
    }

    /// Resolves an entry's identity (so `urn:uuid` references can be rewritten) and buckets it.
    private func preprocess(_ entry: inout JSON, index: Int, plan: inout BatchPlan, atomic: Bool, caller: Caller)
        throws(Outcome)
    {
        guard let method = entry["request"]?["method"]?.stringValue else {
            throw Outcome.badRequest(
                "Missing Bundle entry request method", expression: "Bundle.entry[\(index)].request.method")
        }
        guard let url = entry["request"]?["url"]?.stringValue else {
            throw Outcome.badRequest("Missing Bundle entry request URL", expression: "Bundle.entry[\(index)].request.url")
        }
        guard let route = FhirRoute.resolve(FhirRequest(method: method, url: url, body: nil)) else {
            throw Outcome.notFound
        }
        let placeholder = entry["fullUrl"]?.stringValue ?? ""
        var reference: String?
        switch route {
        case .create(let type):
            if let condition = entry["request"]?["ifNoneExist"]?.stringValue {
                plan.requiresSerializable = true
                let matches = try conditionalMatches(type, query: Substring(condition), caller: caller)
                if matches.count == 1 { reference = matches[0].reference }
            }
            if reference == nil, entry["resource"] != nil {
                let id = MedplumID.generate()
                entry["resource"]?["id"] = .string(id)
                reference = "\(type)/\(id)"
            }
        case .conditionalUpdate(let type), .conditionalPatch(let type), .conditionalDelete(let type):
            plan.requiresSerializable = plan.requiresSerializable || method.uppercased() != "PATCH"
            if case .conditionalUpdate = route { plan.updates += 1 }
            let path = "Bundle.entry[\(index)]"
            let question = url.firstIndex(of: "?").map { url.index(after: $0) } ?? url.endIndex
            let matches = try conditionalMatches(type, query: url[question...], caller: caller)
            if matches.count > 1 {
                throw Outcome.badRequest(
                    "Conditional \(method.uppercased()) matched multiple resources", expression: path + ".request.url")
            }
            if let match = matches.first {
                reference = match.reference
                entry["request"]?["url"] = .string(match.reference)
                if entry["resource"] != nil { entry["resource"]?["id"] = .string(match.id) }
            } else if case .conditionalUpdate = route {
                if entry["resource"]?["id"] != nil {
                    throw Outcome.badRequest("Cannot provide ID for create by update")
                }
                if entry["resource"] != nil {
                    let id = MedplumID.generate()
                    entry["resource"]?["id"] = .string(id)
                    reference = "\(type)/\(id)"
                }
            } else if case .conditionalPatch = route {
                throw Outcome.badRequest(
                    "Conditional \(method.uppercased()) did not match any resources", expression: path + ".request.url")
            }
        case .update, .patch, .delete:
            if case .update = route { plan.updates += 1 }
            reference = url
        default:
            break
        }
        if let reference {
            plan.identities[placeholder] = reference
            if atomic, !plan.seen.insert(reference).inserted {
                throw Outcome.badRequest("Duplicate resource identity found in Bundle")
            }
        }
        let resolved = FhirRoute.resolve(FhirRequest(method: method, url: entry["request"]?["url"]?.stringValue ?? url, body: nil))
        plan.buckets[(resolved ?? route).batchOrder, default: []].append(index)
    }

    /// The FHIR request an entry stands for; PATCH bodies come as a `Binary` (base64 JSON Patch)
    /// or a `Parameters` resource.
    private static func entryRequest(_ entry: JSON) throws(Outcome) -> FhirRequest {
        let method = entry["request"]?["method"]?.stringValue ?? ""
        let url = entry["request"]?["url"]?.stringValue ?? ""
        var body = entry["resource"]
        if method.uppercased() == "PATCH" {
            body = try patchBody(entry["resource"])
        }
        var request = FhirRequest(method: method, url: url, body: body)
        request.ifMatch = entry["request"]?["ifMatch"]?.stringValue
        request.ifNoneExist = entry["request"]?["ifNoneExist"]?.stringValue
        return request
    }

    private static func patchBody(_ resource: JSON?) throws(Outcome) -> JSON {
        switch resource?["resourceType"]?.stringValue {
        case "Binary":
            guard let data = resource?["data"]?.stringValue else {
                throw Outcome.badRequest("Missing entry.resource.data")
            }
            guard let decoded = Data(base64Encoded: data), let patch = try? JSONParser.parse([UInt8](decoded)),
                patch.arrayValue != nil
            else {
                throw Outcome.badRequest("Decoded PATCH body must be an array")
            }
            return patch
        case "Parameters":
            let operations: [JSON] = (resource?["parameter"]?.arrayValue ?? []).filter {
                $0["name"]?.stringValue == "operation"
            }.map { parameter in
                var operation = JSONObject()
                for part in parameter["part"]?.arrayValue ?? [] {
                    guard let name = part["name"]?.stringValue else { continue }
                    switch name {
                    case "op": operation["op"] = part["valueCode"]
                    case "path", "from": operation[name] = part["valueString"]
                    case "value": operation["value"] = part["valueString"]?.stringValue.flatMap { try? JSONParser.parse($0) }
                    default: break
                    }
                }
                return .object(operation)
            }
            if operations.contains(where: { $0["op"] == nil }) { throw Outcome.badRequest("PATCH Parameters missing op") }
            return .array(operations)
        default:
            throw Outcome.badRequest("Patch entry must include a Binary or Parameters resource")
        }
    }

    private func render(_ results: [BatchEntryResult?], bundleType: String) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256 + results.count * 700)
        writer.writeRaw("{\"resourceType\":\"Bundle\",\"type\":")
        writer.writeString("\(bundleType)-response")
        writer.writeRaw(",\"entry\":[")
        for (offset, result) in results.enumerated() {
            if offset > 0 { writer.writeRaw(",") }
            let outcome: Outcome
            var resource: [UInt8]?
            var location: String?
            switch result {
            case .success(let fhir)?:
                outcome = fhir.outcome
                if let rendered = fhir.resource {
                    resource = rendered.bytes
                    if outcome.isOK { location = "\(rendered.resourceType)/\(rendered.id)" }
                } else {
                    resource = fhir.bytes
                }
            case .failure(let error)?:
                outcome = error
            case nil:
                outcome = .serverError("entry not processed")
            }
            writer.writeRaw("{\"response\":{\"outcome\":")
            writer.write(outcome.json())
            writer.writeRaw(",\"status\":")
            writer.writeString(String(outcome.status))
            if let location {
                writer.writeRaw(",\"location\":")
                writer.writeString(location)
            }
            writer.writeRaw("}")
            if let resource {
                writer.writeRaw(",\"resource\":")
                writer.writeRaw(resource)
            }
            writer.writeRaw("}")
        }
        writer.writeRaw("]}")
        return writer.bytes
    }
}

/// The outcome of one entry.
enum BatchEntryResult: Sendable {
    case success(FhirResult)
    case failure(Outcome)
}

/// What preprocessing learnt about a Bundle.
struct BatchPlan {
    /// `fullUrl` placeholder → `Type/id`.
    var identities: [String: String] = [:]
    var seen = Set<String>()
    var buckets: [Int: [Int]] = [:]
    var updates = 0
    var requiresSerializable = false

    /// The entry with every `urn:uuid:` placeholder found in its strings replaced by the resolved
    /// reference (each string's first placeholder, everywhere it occurs in that string).
    func rewrite(_ json: JSON) -> JSON {
        switch json {
        case .string(let text): return .string(rewrite(text))
        case .array(let elements): return .array(elements.map(rewrite))
        case .object(let object):
            return .object(JSONObject(object.members.map { JSONMember(key: $0.key, value: rewrite($0.value)) }))
        default: return json
        }
    }

    private func rewrite(_ text: String) -> String {
        guard text.contains("urn"), let match = Self.firstPlaceholder(in: text) else { return text }
        let normalized = match.replacingOccurrences(of: "%3A", with: ":")
        guard let reference = identities[normalized] else { return text }
        return text.replacingOccurrences(of: match, with: reference)
    }

    /// The first `urn(:|%3A)uuid(:|%3A)<lower-case uuid>` in `text`.
    static func firstPlaceholder(in text: String) -> String? {
        var search = text.startIndex
        while let range = text.range(of: "urn", range: search..<text.endIndex) {
            var cursor = range.upperBound
            if let afterURN = separator(in: text, at: cursor) {
                cursor = afterURN
                if text[cursor...].hasPrefix("uuid"), let afterUUID = separator(in: text, at: text.index(cursor, offsetBy: 4)) {
                    let end = text.index(afterUUID, offsetBy: 36, limitedBy: text.endIndex) ?? text.endIndex
                    let candidate = text[afterUUID..<end]
                    if candidate.count == 36, MedplumID.isUUID(candidate), candidate == candidate.lowercased() {
                        return String(text[range.lowerBound..<end])
                    }
                }
            }
            search = range.upperBound
        }
        return nil
    }

    private static func separator(in text: String, at index: String.Index) -> String.Index? {
        if text[index...].hasPrefix(":") { return text.index(after: index) }
        if text[index...].hasPrefix("%3A") { return text.index(index, offsetBy: 3) }
        return nil
    }
}
