import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

/// Everything a read-only command (`drift`, `import`) may use to look at the servers: readers,
/// never a client or an applier, all on a transport that refuses any request that is not a
/// read. Nothing reached from here can write, whatever code later calls it.
struct LiveReaders {
    let transport: HTTPTransport
    /// Reads the project in extended mode, so every object names its last author.
    let medplum: MedplumReader?
    let medplumHistory: MedplumHistoryReader?
    let cors: CorsProbe?
    let stytch: StytchReader?
    /// The frontend SDK's configuration, when the environment has management credentials.
    let frontendSDK: FrontendSDKReader?

    static func make(_ environment: ResolvedEnvironment) throws -> LiveReaders {
        try Sessions.checkAllowedHosts(environment)
        let transport = Sessions.transport(for: environment, readOnly: true)
        let medplum = environment.medplum.map { MedplumClient(connection: $0, transport: transport) }
        let stytch = environment.stytch.map { StytchClient(connection: $0, transport: transport) }
        return LiveReaders(
            transport: transport,
            medplum: medplum.map { MedplumReader(client: $0, extended: true) },
            medplumHistory: medplum.map { MedplumHistoryReader(client: $0) },
            cors: environment.medplum.map { CorsProbe(baseURL: $0.baseURL, transport: transport) },
            stytch: stytch.map { StytchReader(client: $0) },
            frontendSDK: environment.stytch?.management.map { FrontendSDKReader(client: StytchManagementClient(connection: $0, transport: transport)) }
        )
    }
}
