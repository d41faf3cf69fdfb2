import Hummingbird
import NIOCore

/// A request context that remembers the connection it arrived on, so an injected fault can drop
/// that connection, and the peer address, so rate limits can be kept per client as the real
/// servers do.
public protocol ConnectionAwareRequestContext: RequestContext {
    /// The connection the request arrived on.
    var channel: any Channel { get }
}

extension ConnectionAwareRequestContext {
    /// The client's IP address, or "unknown" when the transport does not say.
    public var clientAddress: String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The context both sandboxes use unless they need more.
public struct SandboxRequestContext: ConnectionAwareRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    /// Bodies larger than this are refused while decoding; set high because the sandboxes enforce
    /// their servers' own limits themselves.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
