/// What a FHIR interaction needs besides the state and the caller.
struct FhirEnvironment: Sendable {
    let baseURL: String
    let now: Int64
    let quota: FhirQuota
    /// The caller's project (its `systemSetting` tunes the quota).
    let project: JSON
}

/// Executes FHIR interactions (contract 4.1) against the state.
extension StoreState {
    mutating func execute(
        _ request: FhirRequest, caller: Caller, environment: FhirEnvironment, usage: inout FhirQuota.Usage,
        inBatch: Bool = false
    ) throws(Outcome) -> FhirResult {
        guard let route = FhirRoute.resolve(request) else { throw Outcome.notFound }
        func spend(_ points: Int) throws(Outcome) {
            try environment.quota.consume(
                points, caller: caller, project: environment.project, usage: &usage, now: environment.now)
        }
        let now = environment.now
        switch route {
        case .batch:
            try spend(0)
            let bytes = try batch(request.body, caller: caller, environment: environment, usage: &usage)
            return FhirResult(outcome: .allOK, bytes: bytes)

        case .search(let type):
            try authorize(type, .search, caller: caller)
            try spend(FhirQuota.Cost.search)
            let search = try SearchRequest(resourceType: type, query: request.query)
            let page = try self.search(search, caller: caller)
            return FhirResult(
                outcome: .allOK,
                bytes: SearchBundle.render(page, state: self, caller: caller, baseURL: environment.baseURL))

        case .create(let type):
            let body = request.body ?? .null
            if let condition = request.ifNoneExist {
                try authorize(type, .search, caller: caller)
                try spend(FhirQuota.Cost.search)
                let matches = try conditionalMatches(type, query: Substring(condition), caller: caller)
                if matches.count > 1 { throw Outcome.multipleMatches }
                if let existing = matches.first { return .resource(render(existing, caller: caller)) }
            }
            try spend(FhirQuota.Cost.write)
            let assigned = inBatch ? body["id"]?.stringValue : nil
            let created = try create(type, body, caller: caller, now: now, assignedID: assigned)
            return .resource(render(created, caller: caller), created: true)

        case .read(let type, let id):
            try spend(FhirQuota.Cost.read)
            if type == "Login", caller.isAdministrative, let login = clientLogins[id] {
                let bytes = JSONWriter.serialize(login.json)
                return .resource(
                    RenderedResource(
                        resourceType: type, id: id, versionID: id, lastUpdated: login.authTime, bytes: bytes))
            }
            return .resource(render(try readable(type, id, caller: caller), caller: caller))

        case .vread(let type, let id, let versionID):
            try spend(FhirQuota.Cost.read)
            let (stored, version) = try self.version(type, id, versionID: versionID, caller: caller)
            return .resource(render(stored, version: version, caller: caller))

        case .history(let type, let id):
            try spend(FhirQuota.Cost.history)
            return FhirResult(
                outcome: .allOK, bytes: try history(type, id, caller: caller, baseURL: environment.baseURL))

        case .update(let type, let id):
            try authorize(type, .update, caller: caller)
            try spend(FhirQuota.Cost.write)
            let (stored, created) = try update(
                type, id, request.body ?? .null, caller: caller, now: now, ifMatch: request.ifMatch)
            return .resource(render(stored, caller: caller), created: created)

        case .patch(let type, let id):
            try spend(FhirQuota.Cost.write)
            let stored = try patch(type, id, request.body ?? .null, caller: caller, now: now)
            return .resource(render(stored, caller: caller))

        case .delete(let type, let id):
            try spend(FhirQuota.Cost.write)
            try delete(type, id, caller: caller, now: now)
            return FhirResult(outcome: .allOK)

        case .conditionalUpdate(let type):
            try authorize(type, .update, caller: caller)
            try spend(FhirQuota.Cost.search + FhirQuota.Cost.write)
            var body = request.body ?? .null
            let matches = try conditionalMatches(type, pairs: request.query, caller: caller)
            if matches.count > 1 { throw Outcome.multipleMatches }
            guard let existing = matches.first else {
                if body["id"] != nil {
                    throw Outcome.badRequest("Cannot provide ID for create by update", expression: "\(type).id")
                }
                let created = try create(type, body, caller: caller, now: now)
                return .resource(render(created, caller: caller), created: true)
            }
            if let id = body["id"]?.stringValue, id != existing.id {
                throw Outcome.badRequest("Resource ID did not match resolved ID", expression: "\(type).id")
            }
            body["id"] = .string(existing.id)
            let (stored, _) = try update(type, existing.id, body, caller: caller, now: now, ifMatch: request.ifMatch)
            return .resource(render(stored, caller: caller))

        case .conditionalPatch(let type):
            try spend(FhirQuota.Cost.search + FhirQuota.Cost.write)
            let matches = try conditionalMatches(type, pairs: request.query, caller: caller)
            if matches.count > 1 { throw Outcome.multipleMatches }
            guard let existing = matches.first else { throw Outcome.notFound }
            let stored = try patch(type, existing.id, request.body ?? .null, caller: caller, now: now)
            return .resource(render(stored, caller: caller))

        case .conditionalDelete(let type):
            try spend(FhirQuota.Cost.search + FhirQuota.Cost.write)
            let matches = try conditionalMatches(type, pairs: request.query, caller: caller)
            if matches.count > 1 { throw Outcome.multipleMatches }
            if let existing = matches.first { try delete(type, existing.id, caller: caller, now: now) }
            return FhirResult(outcome: .allOK)

        case .operation(let type, let id, let name):
            try spend(FhirQuota.Cost.write)
            return try operation(type, id: id, name: name, body: request.body, caller: caller, now: now)
        }
    }

    /// Up to two matches of a condition (two are enough to tell "one" from "several").
    func conditionalMatches(_ type: String, query: Substring, caller: Caller) throws(Outcome) -> [StoredResource] {
        try conditionalMatches(type, pairs: URLEncoding.pairs(query), caller: caller)
    }

    func conditionalMatches(_ type: String, pairs: [(name: String, value: String)], caller: Caller) throws(Outcome)
        -> [StoredResource]
    {
        var search = try SearchRequest(resourceType: type, query: pairs)
        search.count = 2
        search.offset = 0
        search.sortRules = []
        search.cursor = nil
        search.total = nil
        return try self.search(search, caller: caller).matches
    }
}
