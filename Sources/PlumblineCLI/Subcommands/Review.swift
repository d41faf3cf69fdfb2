import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

extension PlumblineCommand {
    /// `plumbline review`: the access review auditors sign off.
    struct ReviewCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Print an access review: who can reach what, through which role and policy, since when.",
            discussion: """
                Per person: organizations and Stytch roles, Medplum profile type, policies with the resource \
                types and interactions they grant, admin flags, active since (the membership's creation, from \
                its history) and expiry; then every unmanaged account and every policy entry that grants write \
                access to a clinical type without a criteria. Read-only. Exits 0.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, csv, json
            /// DESIGN's `text` for every command: the Markdown report is the human one.
            case text
        }

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions

        @Option(name: .long, help: "How to render the review: markdown (default; text is the same), csv or json.")
        var output: Format = .markdown

        func run() async throws {
            try await CommandContext.with(manifestOptions, environmentOptions) { context in
                let review = try await Self.review(context)
                let console = Console.current
                switch output {
                case .markdown, .text: console.write(AccessReviewRenderer.markdown(review))
                case .csv: console.write(AccessReviewRenderer.csv(review))
                case .json: console.write(AccessReviewRenderer.json(review))
                }
            }
        }

        /// Reads both systems in bulk, then each human membership's history for its creation time
        /// (Medplum keeps no creation date on the resource): one request per membership,
        /// concurrently under the rate limiter.
        static func review(_ context: CommandContext) async throws -> AccessReview {
            let sessions = try Sessions.make(context.environment)
            do {
                async let stytch = Planning.readStytch(sessions.stytch, slugs: Set(context.manifests.organizations.map(\.slug.value)))
                async let medplum = Planning.readMedplum(sessions.medplum)
                let live = (stytch: try await stytch, medplum: try await medplum?.state)
                var created: [String: Date] = [:]
                if let client = sessions.medplum, let memberships = live.medplum?.memberships {
                    let progress = ProgressLine(total: memberships.count, label: "reading membership histories")
                    defer { progress.finish() }
                    let dates = try await BoundedConcurrency.map(memberships, limit: 8) { membership in
                        defer { progress.advance() }
                        return (membership.id, try await client.createdAt("ProjectMembership", membership.id))
                    }
                    for (id, date) in dates { created[id] = date }
                }
                return AccessReviewBuilder.build(
                    environment: context.environment.name, manifests: context.manifests, today: context.today,
                    medplum: live.medplum, stytch: live.stytch, membershipCreated: created
                )
            } catch {
                throw CommandFailure.fromServer(error)
            }
        }
    }
}
