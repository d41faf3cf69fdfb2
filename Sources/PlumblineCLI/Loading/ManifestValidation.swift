import ArgumentParser
import PlumblineCore

/// Reads and validates a manifests directory, including the manifests each Job in it points at.
/// Every command that loads manifests goes through here, so none writes anything when they are
/// invalid (DESIGN §3, exit 65).
struct ManifestValidation {
    let report: ValidationReport
    /// The report's diagnostics plus those found while reading files and checking jobs, sorted.
    let diagnostics: [Diagnostic]
    let fileCount: Int
    /// The files as they were read and validated: what a plan's digest describes, so the digest
    /// cannot name bytes that an edit made after validation put there.
    let files: [SourceFile]

    /// `N errors, M warnings in F files`, or a line saying the manifests are valid.
    var summaryLine: String {
        let files = "\(fileCount) file\(fileCount == 1 ? "" : "s")"
        return diagnostics.isEmpty ? "valid: \(files), no problems" : "\(DiagnosticsRenderer.summary(diagnostics)) in \(files)"
    }

    /// Reads `directory` and validates it; a missing directory is a usage error (exit 64).
    static func run(directory: String) throws -> ManifestValidation {
        let console = Console.current
        let read: (files: [SourceFile], problems: [Diagnostic])
        do {
            read = try ManifestDirectory.read(directory)
        } catch {
            console.printError("error: \(error)")
            throw ExitStatus.usage.exitCode
        }
        guard !read.files.isEmpty || !read.problems.isEmpty else {
            console.printError("error: no *.yaml or *.yml files under '\(directory)'; pass --manifests DIR")
            throw ExitStatus.invalidManifests.exitCode
        }
        let report = Validator.validate(read.files)
        var targets = JobTargets(validated: directory, report: report, problems: read.problems)
        let jobProblems = report.manifests.jobs.flatMap { checkJob($0, fallback: directory, targets: &targets) }
        return ManifestValidation(
            report: report, diagnostics: (report.diagnostics + read.problems + jobProblems).sorted(),
            fileCount: read.files.count + read.problems.count, files: read.files
        )
    }

    /// A job's environment and session policy must exist in the manifests it runs on.
    private static func checkJob(_ job: JobManifest, fallback: String, targets: inout JobTargets) -> [Diagnostic] {
        let directory = JobReferences.manifestsDirectory(of: job, fallback: fallback)
        guard let target = targets.validated(directory) else {
            return [JobReferences.missingManifests(job, directory: directory)]
        }
        let errors = target.report.diagnostics.filter { $0.severity == .error }.count + target.problems.count
        guard errors == 0 else { return [JobReferences.invalidManifests(job, directory: directory, errors: errors)] }
        return JobReferences.check(job, against: target.report.manifests)
    }
}

/// The manifests directories that jobs run on, each read and validated once however many jobs
/// name it. The directory being validated is not read again: a job without `manifests:` runs on
/// it, and at 50,000 people a second validation would double the command's time.
private struct JobTargets {
    typealias Target = (report: ValidationReport, problems: [Diagnostic])
    /// By normalized path; nil when the directory holds no manifest.
    private var byDirectory: [String: Target?]

    init(validated directory: String, report: ValidationReport, problems: [Diagnostic]) {
        byDirectory = [PathText.normalize(directory): (report, problems)]
    }

    mutating func validated(_ directory: String) -> Target? {
        let key = PathText.normalize(directory)
        if let known = byDirectory[key] { return known }
        var target: Target?
        if let read = try? ManifestDirectory.read(directory), !read.files.isEmpty {
            target = (Validator.validate(read.files), read.problems)
        }
        byDirectory[key] = target
        return target
    }
}
