import BridgeKit
import V4Contract

/// What `/health` says of the V4 upstream: the circuit breaker's state, the endpoints the
/// deployment lacks (learned from answers and the probe) and the V4 keys its answers lacked
/// (`V4DecodingGaps`). `unhealthy` while the breaker is open or the last probe reached nothing,
/// `degraded` while the breaker probes or the deployment lacks something, `healthy` otherwise;
/// embedded: always `healthy`.
struct UpstreamHealth: Sendable {
    let upstream: HTTPUpstreamTransport?

    func report() -> (status: String, upstream: JSONValue?) {
        guard let upstream else { return ("healthy", nil) }
        let breaker = upstream.breaker?.currentState() ?? .closed
        let absent = upstream.absentEndpoints.sorted()
        let status: String
        let reached = upstream.lastProbeReached
        switch breaker {
        case .open: status = "unhealthy"
        case .halfOpen: status = "degraded"
        case .closed where reached == false: status = "unhealthy"
        case .closed: status = absent.isEmpty ? "healthy" : "degraded"
        }
        return (
            status,
            [
                "url": .string(upstream.baseURL), "breaker": .string(breaker.rawValue),
                "last_probe": reached.map { .string($0 ? "reached" : "unreachable") } ?? .null,
                "absent_endpoints": .array(absent.map { .string($0) }),
                "missing_keys": .array(V4DecodingGaps.observed.map { .string($0) }),
            ]
        )
    }
}
