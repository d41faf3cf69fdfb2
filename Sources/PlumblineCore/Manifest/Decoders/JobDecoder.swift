/// Decodes `kind: Job` (DESIGN §6).
enum JobDecoder {
    static let keys = ["kind", "name", "environment", "manifests", "steps", "apply", "sessions", "drift", "report"]

    static func decode(_ reader: NodeReader) -> JobManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let name = root.string("name", required: true)
        let environment = root.string("environment", required: true)
        let manifests = root.string("manifests")
        let steps = root.value("steps", required: true)?.items()?.compactMap(step) ?? []
        var seen: Set<JobStep> = []
        for step in steps where !seen.insert(step.value).inserted {
            root.sink.error(.repeatedEntry, at: step.location, "step '\(step.value.rawValue)' appears twice in \(reader.subject); list each step once")
        }
        if steps.isEmpty, let node = root.value("steps"), case .sequence = node.node.content {
            root.sink.error(.emptyValue, at: node.location, "\(node.described) is empty; list the steps to run, e.g. [plan, apply]")
        }
        let apply = root.mapping("apply", allowedKeys: ["prune", "maxChanges", "concurrency"]).map { mapping in
            JobApplySettings(
                prune: mapping.bool("prune"), maxChanges: mapping.integer("maxChanges", minimum: 0),
                concurrency: mapping.integer("concurrency", minimum: 1), location: mapping.location
            )
        }
        let sessions = root.mapping("sessions", allowedKeys: ["policy", "revoke"]).map { mapping in
            JobSessionSettings(policy: mapping.string("policy"), revoke: mapping.bool("revoke"), location: mapping.location)
        }
        let drift = root.mapping("drift", allowedKeys: ["failOnDrift"]).map { mapping in
            JobDriftSettings(failOnDrift: mapping.bool("failOnDrift"), location: mapping.location)
        }
        let report = root.mapping("report", allowedKeys: ["dir", "markdown", "metricsFile"]).map { mapping in
            JobReportSettings(
                dir: mapping.string("dir"), markdown: mapping.bool("markdown"),
                metricsFile: mapping.string("metricsFile"), location: mapping.location
            )
        }
        guard let name, let environment else { return nil }
        return JobManifest(
            name: name, environment: environment, manifests: manifests, steps: steps, apply: apply,
            sessions: sessions, drift: drift, report: report, location: root.location
        )
    }

    private static func step(_ item: NodeReader) -> Located<JobStep>? {
        item.choice(of: JobStep.allCases.map(\.rawValue)).flatMap { value in
            JobStep(rawValue: value.value).map { Located($0, at: value.location) }
        }
    }
}
