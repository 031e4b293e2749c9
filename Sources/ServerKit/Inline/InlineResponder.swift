import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What answers requests on the connection's own channel handler (`InlineHTTPHandler`), without
/// Hummingbird's per-connection `NIOAsyncChannel`: the same router, its middleware and its
/// handlers, with the answer written straight to the channel.
///
/// A request goes the inline way when its whole body is small and declared up front; a larger or
/// chunked body, `Expect: 100-continue` and every `Upgrade` request go on to Hummingbird's own
/// channel, which streams them. Either way the client gets the same answer.
public struct InlineResponder: Sendable {
    /// Where a request's task runs.
    public enum Executor: String, Sendable, CaseIterable {
        /// On the event loop of the request's connection (`EventLoopTaskExecutor`): no thread
        /// changes. Only for servers whose handlers never block.
        case loop
        /// Swift Concurrency's global executor, as Hummingbird's own channel does.
        case global
    }

    public typealias Respond = @Sendable (Request, any Channel) async -> Response

    public let respond: Respond
    public let executor: Executor
    /// The largest body read whole for an inline answer (a declared `Content-Length`).
    public let maxBodyBytes: Int
    /// The `Server` header, as `ApplicationConfiguration.serverName`.
    public let serverName: String?

    public init(executor: Executor, maxBodyBytes: Int = 64 * 1024, serverName: String?, respond: @escaping Respond) {
        self.executor = executor
        self.maxBodyBytes = maxBodyBytes
        self.serverName = serverName
        self.respond = respond
    }

    /// A router's answers as Hummingbird's `Application` makes them: the context from the
    /// channel, any error the responder throws as an empty 500.
    public init<Responder: HTTPResponder>(
        _ responder: Responder, executor: Executor, serverName: String?, logger: Logger
    ) where Responder.Context == AppRequestContext {
        self.init(executor: executor, serverName: serverName) { request, channel in
            let context = AppRequestContext(source: .init(channel: channel, logger: logger))
            do {
                return try await responder.respond(to: request, context: context)
            } catch {
                logger.debug("Unrecognised Error", metadata: ["error.type": "\(error)"])
                return Response(status: .internalServerError, body: .init())
            }
        }
    }

    /// A new connection's handler (one per connection).
    public func channelHandler() -> any RemovableChannelHandler {
        InlineHTTPHandler(responder: self)
    }

    /// Whether a request with this head is answered inline.
    func takes(_ head: HTTPRequest) -> Bool {
        let fields = head.headerFields
        if fields[.upgrade] != nil || fields[.expect] != nil || fields[.transferEncoding] != nil { return false }
        guard let length = fields[.contentLength] else { return true }
        guard let bytes = Int(length), bytes >= 0 else { return false }
        return bytes <= maxBodyBytes
    }
}
