import Hummingbird
import Logging
import V4Core

/// Calls the embedded core's V4 router directly: same routes, same envelopes, no socket.
public struct InProcessTransport: V4Transport {
    let client: InProcessClient

    public init(engine: V4Engine, logger: Logger) {
        self.client = InProcessClient(router: engine.makeRouter(), logger: logger)
    }

    public func send(_ request: V4Request) async throws(TransportError) -> V4Response {
        // The V4 router renders its own errors; anything escaping it is a core failure.
        let (status, body) = await client.send(
            method: request.method, path: request.path, headers: request.headers, body: request.body,
            requestID: request.headers[.requestID] ?? RequestIdentifier.make(),
            renderError: { error, context in V4ErrorMiddleware.envelope(for: error, context: context) })
        return V4Response(status: status, body: body)
    }
}
