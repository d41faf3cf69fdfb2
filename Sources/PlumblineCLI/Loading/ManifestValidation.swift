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
        let jobProblems = report.manifests.jobs.flatMap { checkJob($0, fallback: directory) }
        return ManifestValidation(
            report: report, diagnostics: (report.diagnostics + read.problems + jobProblems).sorted(),
            fileCount: read.files.count + read.problems.count
        )
    }

    /// A job's environment and session policy must exist in the manifests it runs on.
    private static func checkJob(_ job: JobManifest, fallback: String) -> [Diagnostic] {
        let directory = JobReferences.manifestsDirectory(of: job, fallback: fallback)
        guard let target = try? ManifestDirectory.read(directory), !target.files.isEmpty else {
            return [JobReferences.missingManifests(job, directory: directory)]
        }
        let targetReport = Validator.validate(target.files)
        let errors = targetReport.diagnostics.filter { $0.severity == .error }.count + target.problems.count
        guard errors == 0 else { return [JobReferences.invalidManifests(job, directory: directory, errors: errors)] }
        return JobReferences.check(job, against: targetReport.manifests)
    }
}
