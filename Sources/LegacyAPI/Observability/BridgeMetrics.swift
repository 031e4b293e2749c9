import Prometheus
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Request counts and latency per route, in a registry owned by the server (no global state),
/// rendered at `/metrics` in Prometheus text format.
public final class BridgeMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(name: "legacy_bridge_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(
            name: "legacy_bridge_request_duration_seconds", labels: [("method", method), ("route", route)],
            buckets: Self.buckets.map { Duration.nanoseconds(Int64($0 * 1e9)) }
        ).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// One request answered under `profile`.
    func recordProfile(_ profile: String) {
        registry.makeCounter(name: "legacy_bridge_profile_requests_total", labels: [("profile", profile)]).increment()
    }

    public func render(sockets: SocketHub.Counters? = nil) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        var text = String(decoding: buffer, as: UTF8.self)
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
