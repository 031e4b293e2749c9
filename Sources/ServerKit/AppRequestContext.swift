import Hummingbird
import Logging
import NIOCore

/// The request context of every route the bridge serves, V4 and legacy alike.
///
/// It can be built from a socket connection (the server) or from a bare logger (the in-process
/// V4 transport), so the same routers answer both without a channel.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `req_12345678_abcdef`; taken from `X-Request-Id` when a caller (the bridge) sends one.
    public var requestID: String

    /// The socket peer's IP address, when the request came over a socket (the client, or the
    /// proxy in front of it: `TrustedProxies.clientAddress` decides).
    public var peerAddress: String? { peer?.ipAddress }
    var peer: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        let id = RequestIdentifier.make()
        self.coreContext = .init(source: LoggerSource(logger: source.logger.with(requestID: id)))
        self.requestID = id
        self.peer = source.channel.remoteAddress
    }

    /// A context for a request that never crossed a socket.
    public init(logger: Logger, requestID: String) {
        self.coreContext = .init(source: LoggerSource(logger: logger.with(requestID: requestID)))
        self.requestID = requestID
    }

    /// Adopts a caller-supplied request id so log lines on both sides of a hop correlate.
    public mutating func adoptRequestID(_ id: String) {
        requestID = id
        logger = logger.with(requestID: id)
    }

    /// Bodies above this size are refused before decoding.
    public var maxUploadSize: Int { 10 * 1024 * 1024 }

    /// A context for a request of `source` that keeps the request id `id`.
    public init(source: ApplicationRequestContextSource, requestID id: String) {
        self.coreContext = .init(source: LoggerSource(logger: source.logger.with(requestID: id)))
        self.requestID = id
        self.peer = source.channel.remoteAddress
    }
}

struct LoggerSource: RequestContextSource {
    let logger: Logger
}

extension Logger {
    func with(requestID: String) -> Logger {
        var copy = self
        copy[metadataKey: "hb.request.id"] = .string(requestID)
        return copy
    }
}
