import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum

/// Medplum's CORS configuration seen from outside (DESIGN §4): a preflight from each origin the
/// environment declares and from an undeclared canary. Nothing to do when the environment
/// declares no origin or no Medplum server.
enum CorsProbing {
    static func observations(_ environment: ResolvedEnvironment, transport: HTTPTransport) async throws -> [CorsObservation]? {
        guard let medplum = environment.medplum, !environment.corsOrigins.isEmpty else { return nil }
        do {
            return try await CorsProbe(baseURL: medplum.baseURL, transport: transport).check(environment.corsOrigins)
        } catch {
            throw CommandFailure.fromServer(error)
        }
    }

    /// What `plan` shows: the configuration value that would make the server agree.
    static func advice(_ context: CommandContext, transport: HTTPTransport) async throws -> CorsAdvice? {
        try await observations(context.environment, transport: transport).map {
            CorsCheck.advice(declared: context.environment.corsOrigins, observations: $0)
        }
    }
}
