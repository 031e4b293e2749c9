import BridgeKit
import Hummingbird
import Logging
import ServerKit
import V4Contract

/// One log line per request (with its request id) and the route metrics. Outermost middleware,
/// so it sees the final status, error envelopes included.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: BridgeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // The router fills endpointPath with the matched pattern (`/api/merchant/reviews/:id/approve`),
        // which keeps label cardinality bounded.
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        response.headers[.requestID] = context.requestID
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", seconds * 1000))ms",
            metadata: ["route": .string(route), "profile": .string(response.headers[.legacyProfile] ?? "-")])
        return response
    }
}
