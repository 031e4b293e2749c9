import Hummingbird
import Logging
import NIOConcurrencyHelpers
import V4Core

/// Calls the embedded core's V4 router directly: same routes, same envelopes, no socket.
public struct InProcessTransport: V4Transport {
    let responder: RouterResponder<AppRequestContext>
    let logger: Logger

    public init(engine: V4Engine, logger: Logger) {
        self.responder = engine.makeRouter().buildResponder()
        self.logger = logger
    }

    public func send(_ request: V4Request) async throws(TransportError) -> V4Response {
        let requestID = request.headers[.requestID] ?? RequestIdentifier.make()
        let hbRequest = Request(
            head: HTTPRequest(method: request.method, scheme: "http", authority: "in-process", path: request.path, headerFields: request.headers),
            body: RequestBody(buffer: request.body ?? ByteBuffer()))
        let context = AppRequestContext(logger: logger, requestID: requestID)
        do {
            let response = try await responder.respond(to: hbRequest, context: context)
            let collector = BodyCollector()
            try await response.body.write(collector)
            return V4Response(status: response.status, body: collector.buffer)
        } catch {
            // The V4 router renders its own errors; anything escaping it is a core failure.
            let rendered = V4ErrorMiddleware.envelope(for: error, context: context)
            let collector = BodyCollector()
            try? await rendered.body.write(collector)
            return V4Response(status: rendered.status, body: collector.buffer)
        }
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
