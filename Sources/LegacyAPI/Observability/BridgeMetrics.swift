import BridgeKit
import Prometheus
import V4Contract

/// Request counts and latency per route, in a registry owned by the server (no global state),
/// rendered at `/metrics` in Prometheus text format.
public final class BridgeMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// The same, as the registry takes them (made once, not on every recording).
    static let durationBuckets = buckets.map { Duration.nanoseconds(Int64($0 * 1e9)) }

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(name: "legacy_bridge_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(
            name: "legacy_bridge_request_duration_seconds", labels: [("method", method), ("route", route)],
            buckets: Self.durationBuckets
        ).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// One shadowed request's fate (`equal`, `different`, `noise_only`, `errored`, `dropped`,
    /// `skipped_<reason>`), per endpoint (Docs/differ.md).
    func recordShadow(endpoint: String, outcome: String) {
        registry.makeCounter(name: "legacy_bridge_shadow_total", labels: [("endpoint", endpoint), ("outcome", outcome)]).increment()
    }

    /// One request answered under `profile`.
    func recordProfile(_ profile: String) {
        registry.makeCounter(name: "legacy_bridge_profile_requests_total", labels: [("profile", profile)]).increment()
    }

    public func render(sockets: SocketHub.Counters? = nil, breaker: CircuitBreaker? = nil) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        var text = String(decoding: buffer, as: UTF8.self)
        if let breaker {
            let state = breaker.currentState()
            text += "# TYPE legacy_bridge_upstream_breaker gauge\n"
            for candidate in [CircuitBreaker.State.closed, .open, .halfOpen] {
                text += "legacy_bridge_upstream_breaker{state=\"\(candidate.rawValue)\"} \(candidate == state ? 1 : 0)\n"
            }
            text += "# TYPE legacy_bridge_upstream_breaker_opened_total counter\nlegacy_bridge_upstream_breaker_opened_total \(breaker.timesOpened)\n"
        }
        if let sockets {
            text += """
                # TYPE legacy_bridge_ws_connections gauge
                legacy_bridge_ws_connections{state="open"} \(sockets.open)
                legacy_bridge_ws_connections{state="authenticated"} \(sockets.authenticated)
                # TYPE legacy_bridge_ws_users gauge
                legacy_bridge_ws_users \(sockets.users)
                # TYPE legacy_bridge_ws_messages_total counter
                legacy_bridge_ws_messages_total{result="queued"} \(sockets.delivered)
                legacy_bridge_ws_messages_total{result="dropped"} \(sockets.dropped)

                """
        }
        return text
    }
}

extension BridgeMetrics: UpstreamObserver {
    /// One call to the V4 upstream: counted by endpoint and outcome (`ok`, `rejected`, or the
    /// failure's name), timed by endpoint.
    public func upstreamCall(_ endpoint: String, status: Int?, failure: V4ClientError?, seconds: Double) {
        let outcome: String
        switch failure {
        case nil: outcome = "ok"
        case .rejected?: outcome = "rejected"
        case .unavailable?: outcome = "unavailable"
        case .timedOut?: outcome = "timed_out"
        case .interrupted?: outcome = "interrupted"
        case .invalidResponse?: outcome = "invalid_response"
        case .absent?: outcome = "absent"
        case .rateLimited?: outcome = "rate_limited"
        case .circuitOpen?: outcome = "circuit_open"
        }
        registry.makeCounter(name: "legacy_bridge_upstream_calls_total", labels: [("endpoint", endpoint), ("outcome", outcome)]).increment()
        guard failure != .circuitOpen else { return }
        registry.makeDurationHistogram(
            name: "legacy_bridge_upstream_duration_seconds", labels: [("endpoint", endpoint)],
            buckets: Self.durationBuckets
        ).recordNanoseconds(Int64(seconds * 1e9))
    }
}
