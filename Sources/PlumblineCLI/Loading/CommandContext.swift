import ArgumentParser
import Foundation
import PlumblineCore

/// What every command that talks to servers starts from: valid manifests, the chosen
/// environment with its references resolved, and the files they came from (for the digest).
struct CommandContext {
    let manifestsDirectory: String
    let validation: ManifestValidation
    let environment: ResolvedEnvironment
    /// The digest of the files validated, as read once: it names exactly what was checked and
    /// planned. Worked out once: a plan, its apply and two audit records all carry it.
    let digest: String

    init(manifestsDirectory: String, validation: ManifestValidation, environment: ResolvedEnvironment) {
        self.manifestsDirectory = manifestsDirectory
        self.validation = validation
        self.environment = environment
        digest = ManifestDigest.of(validation.files, relativeTo: manifestsDirectory)
    }

    var manifests: ManifestSet { validation.report.manifests }

    /// Today's date in UTC, for expiries.
    var today: CalendarDate {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0) ?? .current, from: Runtime.current.now())
        return CalendarDate(year: components.year ?? 1970, month: components.month ?? 1, day: components.day ?? 1)
    }

    /// The slugs of the declared Stytch organizations: whose members a read fetches.
    var declaredSlugs: Set<String> { Set(manifests.organizations.map(\.slug.value)) }

    /// Loads the context and runs `body` with it. With `--sandbox`, both emulators run inside
    /// this process for the duration of `body` and the `sandbox` environment reads their variables.
    static func with<T: Sendable>(
        _ manifests: ManifestOptions, _ environment: EnvironmentOptions, environmentName: String? = nil,
        _ body: (CommandContext) async throws -> T
    ) async throws -> T {
        try await with(manifests: manifests.manifests, environment: environment.env ?? environmentName, sandbox: environment.sandbox, body)
    }

    static func with<T: Sendable>(
        manifests: String, environment: String?, sandbox: Bool, _ body: (CommandContext) async throws -> T
    ) async throws -> T {
        guard sandbox else {
            return try await body(load(manifests: manifests, environment: environment))
        }
        // The demo project is made from the manifests themselves, so they must be valid first.
        let manifestSet = try ManifestValidation.run(directory: manifests).report.manifests
        let seed = SandboxLauncher.demoSeed(for: manifestSet, now: Runtime.current.now())
        return try await SandboxLauncher.run(SandboxLauncher.Options(seed: seed)) { sandboxes in
            var runtime = Runtime.current
            runtime.variables.merge(sandboxes.variables) { _, sandbox in sandbox }
            return try await Runtime.$current.withValue(runtime) {
                try await body(load(manifests: manifests, environment: "sandbox"))
            }
        }
    }

    /// Loads the context as `with` does while the servers are already being read (`ReadAhead`),
    /// and runs `body` with the read when it was made for this context. `--sandbox` reads nothing
    /// ahead: its servers start from the validated manifests.
    static func withReadAhead<T: Sendable>(
        _ manifests: ManifestOptions, _ environment: EnvironmentOptions, environmentName: String? = nil, concurrency: Int = 8,
        _ body: (CommandContext, ReadAhead?) async throws -> T
    ) async throws -> T {
        let name = environment.env ?? environmentName
        guard !environment.sandbox, let ahead = ReadAhead.start(directory: manifests.manifests, environment: name, concurrency: concurrency) else {
            return try await with(manifests, environment, environmentName: environmentName) { try await body($0, nil) }
        }
        let context: CommandContext
        do {
            context = try load(manifests: manifests.manifests, environment: name, readingAhead: true)
        } catch {
            ahead.cancel()
            throw error
        }
        return try await body(context, ahead.matching(context))
    }

    /// Where `${env:}` and `${file:}` references are resolved from.
    static func referenceSource() -> ReferenceSource {
        ReferenceSource(variables: Runtime.current.variables) { path in
            try String(contentsOfFile: path, encoding: .utf8)
        }
    }

    /// Validates the manifests (exit 65 and nothing else happens when they are invalid), picks the
    /// environment (exit 64 when it is not declared) and resolves its references (exit 65).
    /// `readingAhead` says that reads may already have been made (never a write).
    static func load(manifests directory: String, environment name: String?, readingAhead: Bool = false) throws -> CommandContext {
        let console = Console.current
        let untouched = readingAhead ? "nothing was written to any server" : "nothing was read from or written to any server"
        let validation = try ManifestValidation.run(directory: directory)
        if validation.diagnostics.containsErrors {
            console.write(DiagnosticsRenderer.text(validation.diagnostics))
            throw CommandFailure.exit(.invalidManifests, "the manifests are invalid (\(DiagnosticsRenderer.summary(validation.diagnostics))); \(untouched)")
        }
        let declared = validation.report.manifests.environments.map(\.name.value)
        guard let name = name ?? (declared.count == 1 ? declared.first : nil) else {
            throw CommandFailure.exit(.usage, "choose an environment with --env NAME (declared: \(declared.joined(separator: ", ")))")
        }
        guard let manifest = validation.report.manifests.environment(named: name) else {
            let hint = Suggestion.closest(to: name, in: declared).map { "did you mean '\($0)'? " } ?? ""
            throw CommandFailure.exit(.usage, "environment '\(name)' is not declared; \(hint)declared environments are \(declared.joined(separator: ", "))")
        }
        switch EnvironmentResolver.resolve(manifest, using: referenceSource()) {
        case .success(let environment):
            return CommandContext(manifestsDirectory: directory, validation: validation, environment: environment)
        case .failure(let error):
            console.write(DiagnosticsRenderer.text(error.diagnostics))
            throw CommandFailure.exit(.invalidManifests, "environment '\(name)' cannot be used until its references resolve; \(untouched)")
        }
    }
}
