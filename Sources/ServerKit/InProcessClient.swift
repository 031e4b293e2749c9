import Hummingbird
import Logging
import NIOConcurrencyHelpers

/// Sends requests straight to a router's responder and collects the answer, without a socket.
/// The in-process V4 transport and the differ's in-process candidate both use it.
public struct InProcessClient: Sendable {
    let responder: RouterResponder<AppRequestContext>
    let logger: Logger

    public init(router: Router<AppRequestContext>, logger: Logger) {
        self.responder = router.buildResponder()
        self.logger = logger
    }

    /// The status and body; errors the router throws are rendered by `renderError`.
    public func send(
        method: HTTPRequest.Method, path: String, headers: HTTPFields, body: ByteBuffer?, requestID: String,
        renderError: (any Error, AppRequestContext) -> Response
    ) async -> (HTTPResponse.Status, ByteBuffer) {
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "in-process", path: path, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = AppRequestContext(logger: logger, requestID: requestID)
        var response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            response = renderError(error, context)
        }
        let collector = BodyCollector()
        do {
            try await response.body.write(collector)
        } catch {
            logger.error("in-process response body failed: \(error)")
        }
        return (response.status, collector.buffer)
    }
}

/// Gathers a response body in memory.
final class BodyCollector: ResponseBodyWriter, Sendable {
    private let storage = NIOLockedValueBox(ByteBuffer())

    var buffer: ByteBuffer { storage.withLockedValue { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        storage.withLockedValue { stored in
            var copy = buffer
            stored.writeBuffer(&copy)
        }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
