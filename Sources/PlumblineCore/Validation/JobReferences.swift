extension Diagnostic.Code {
    static let missingManifests = Self("missing-manifests")
}

/// A job names an environment and a session policy that live in its own manifests directory, so
/// those references are checked against that directory once it has been read.
public enum JobReferences {
    /// Checks `job` against the manifests it runs on.
    public static func check(_ job: JobManifest, against target: ManifestSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let environments = target.environments.map(\.name.value)
        if !environments.contains(job.environment.value) {
            let hint = Suggestion.didYouMean(job.environment.value, in: environments)
                ?? (environments.isEmpty ? "its manifests declare no Environment" : "declared environments are \(environments.joined(separator: ", "))")
            diagnostics.append(Diagnostic(
                .error, .unresolvedReference, at: job.environment.location,
                "Job '\(job.name.value)' runs in environment '\(job.environment.value)', which its manifests do not declare; \(hint)"
            ))
        }
        if let policy = job.sessions?.policy, !target.sessionPolicies.contains(where: { $0.name.value == policy.value }) {
            let names = target.sessionPolicies.map(\.name.value)
            let hint = Suggestion.didYouMean(policy.value, in: names) ?? "declare a SessionPolicy named '\(policy.value)' or fix the name"
            diagnostics.append(Diagnostic(
                .error, .unresolvedReference, at: policy.location,
                "Job '\(job.name.value)' audits sessions with policy '\(policy.value)', which its manifests do not declare; \(hint)"
            ))
        }
        return diagnostics
    }

    /// The directory a job's manifests live in: `manifests:` relative to the job file, or
    /// `fallback` (the `--manifests` default) when the job does not say.
    public static func manifestsDirectory(of job: JobManifest, fallback: String) -> String {
        guard let relative = job.manifests?.value else { return fallback }
        return PathText.join(PathText.directory(of: job.location.file), relative)
    }

    /// The error when a job's manifests directory holds nothing usable.
    public static func missingManifests(_ job: JobManifest, directory: String) -> Diagnostic {
        Diagnostic(
            .error, .missingManifests, at: job.manifests?.location ?? job.location,
            "Job '\(job.name.value)' reads manifests from '\(directory)', which holds no manifest; fix 'manifests'"
        )
    }

    /// The error when a job's manifests are themselves invalid.
    public static func invalidManifests(_ job: JobManifest, directory: String, errors: Int) -> Diagnostic {
        Diagnostic(
            .error, .unresolvedReference, at: job.manifests?.location ?? job.location,
            "the manifests of Job '\(job.name.value)' have \(errors) error\(errors == 1 ? "" : "s"); run plumbline validate --manifests \(directory)"
        )
    }
}

/// Lexical path arithmetic for the paths shown in diagnostics (no file system access).
public enum PathText {
    /// The directory part of `path`, or `.` when there is none.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `base/relative`, with `.` and `..` components folded where possible.
    public static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        return normalize(base == "." ? relative : "\(base)/\(relative)")
    }

    /// Folds `.` and `name/..` components.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part != ".." || !absolute {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
