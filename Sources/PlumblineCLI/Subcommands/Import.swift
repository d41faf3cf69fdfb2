import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

extension PlumblineCommand {
    /// `plumbline import --out DIR`: manifests written from what the servers hold, so a team with
    /// an existing installation starts from it. Reads only, through `LiveReaders`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Write manifests from the live Medplum project and Stytch organizations.",
            discussion: """
                Reads the environment chosen from --manifests (only its Environment and SessionPolicy documents \
                are used) and writes one file per kind to --out: access policies, clients, organizations, roles \
                inferred from what people hold, users, and the environment with credentials as references. Plan \
                on the result shows no change, except conflicts for objects plumbline does not manage yet; with \
                --adopt, an Adoption manifest lists those, and the next apply writes plumbline's marker on them.
                """
        )

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions

        @Option(name: .long, help: ArgumentHelp("The directory to write the manifests to (created if needed; must hold no manifests yet).", valueName: "dir"))
        var out: String

        @Flag(name: .long, help: "Also write an Adoption manifest, so the next apply takes over the imported objects plumbline does not manage yet.")
        var adopt = false

        func run() async throws {
            try Self.checkOutput(out)
            let result = try await CommandContext.with(manifestOptions, environmentOptions) { context in
                try await importManifests(context)
            }
            let console = Console.current
            let written = try Self.write(result.files, to: out)
            let counts = ManifestKind.allCases.compactMap { kind in result.counts[kind].map { "\($0) \(kind.rawValue)" } }
            console.printError("wrote \(written.count) file(s) to \(out): \(counts.joined(separator: ", "))")
            result.notes.forEach { console.printError("note: \($0)") }
            if adopt, !result.unmanaged.isEmpty {
                console.printError("\(result.unmanaged.count) object(s) are not managed by plumbline yet and are listed in \(out)/adoption.yaml: plumbline plan --manifests \(out) shows their adoption, apply writes plumbline's marker on them")
            }
        }

        private func importManifests(_ context: CommandContext) async throws -> ManifestImporter.Result {
            let readers = try LiveReaders.make(context.environment)
            async let medplumRead = readers.medplum?.read()
            async let stytchRead = readers.stytch?.read(declaredSlugs: nil, frontendSDK: readers.frontendSDK)
            let medplum: MedplumSnapshot?, stytch: StytchLiveState?
            do {
                (medplum, stytch) = (try await medplumRead, try await stytchRead)
            } catch {
                throw CommandFailure.fromServer(error)
            }
            guard let environment = context.manifests.environment(named: context.environment.name) else {
                throw CommandFailure.exit(.usage, "environment '\(context.environment.name)' is not declared")
            }
            let importer = ManifestImporter(
                environment: environment, sessionPolicies: context.manifests.sessionPolicies,
                medplum: medplum?.state, stytch: stytch, options: .init(adopt: adopt, rebaseFile: Self.absolute)
            )
            return importer.run()
        }

        /// A `${file:…}` path relative to the manifest it was written in, made absolute so it still
        /// resolves from the output directory.
        @Sendable static func absolute(_ path: String, _ manifest: String) -> String {
            guard !path.hasPrefix("/") else { return path }
            let directory = URL(fileURLWithPath: manifest, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
                .deletingLastPathComponent()
            return directory.appendingPathComponent(path).standardizedFileURL.path
        }

        /// The output must not already hold manifests: an import never overwrites or mixes with them.
        static func checkOutput(_ path: String) throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
            guard isDirectory.boolValue else {
                throw CommandFailure.exit(.usage, "--out \(path) is a file; give a directory")
            }
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            if let manifest = existing.sorted().first(where: { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }) {
                throw CommandFailure.exit(.usage, "--out \(path) already holds manifests (\(manifest)); import into an empty directory so nothing is overwritten")
            }
        }

        static func write(_ files: [String: String], to directory: String) throws -> [String] {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
                }
            } catch {
                throw CommandFailure.exit(.unexpectedFailure, "cannot write the manifests to \(directory): \(error)")
            }
            return files.keys.sorted()
        }
    }
}
