import BridgeKit
import Yams

/// The `realtime:` section of Mappings (`Mappings/realtime.yaml`): where `/ws` listens and its
/// limits. Defaults are what the legacy docs state (D0 `maxConnections: 1000`, a 30 s client
/// heartbeat) with margins; Docs/compatibility.md §W explains each.
public struct RealtimeSpec: Sendable, Equatable {
    /// Paths that accept a WebSocket upgrade (`/ws`; D1-A's dev URL has none, so `/` too).
    public var paths: [String] = ["/ws"]
    /// Subprotocols a client may ask for; the first one it asks for that is listed is selected.
    public var subprotocols: [String] = []
    /// A socket that has not authenticated within this is closed.
    public var authTimeoutSeconds = 5
    /// A socket that sends nothing (no ping, no heartbeat) for this long is closed, when the
    /// server sends no heartbeats of its own (`heartbeatSeconds` 0).
    public var idleTimeoutSeconds = 90
    /// D0's server `heartbeat` push, every this many seconds (0: none), each with a WebSocket
    /// ping: a client that answers the ping (every WebSocket stack does, WeChat's included) or
    /// sends anything is alive; one that leaves a ping unanswered for a whole period is closed.
    public var heartbeatSeconds = 30
    /// Authenticated sockets at once (a socket counts once it has authenticated).
    public var maxConnections = 1000
    public var maxConnectionsPerUser = 5
    /// Sockets still within their `auth_timeout_seconds` without a token: at most this many in
    /// all, and per client address, so tokenless sockets cannot take the authenticated ones' room.
    public var maxUnauthenticated = 256
    public var maxUnauthenticatedPerAddress = 32
    /// Largest text message accepted; a larger one closes that socket (1009).
    public var maxMessageBytes = 65_536
    /// Messages waiting for one slow socket; beyond it the oldest are dropped.
    public var queueSize = 100
    /// How long after the handshake the server's first frame waits, unless the client speaks first.
    public var handshakeSettleMilliseconds = 100
    /// Where the section was read (for start-up errors about it).
    public var file = "built-in"
    public var line = 0

    public init() {}

    static let keys: Set<String> = [
        "paths", "subprotocols", "auth_timeout_seconds", "idle_timeout_seconds", "heartbeat_seconds", "max_connections", "max_connections_per_user",
        "max_unauthenticated", "max_unauthenticated_per_address",
        "max_message_bytes", "queue_size", "handshake_settle_ms",
    ]

    /// Reads the section, refusing unknown keys and values out of range with file and line.
    static func read(_ node: Node, doc: YAMLReader) throws -> RealtimeSpec {
        var spec = RealtimeSpec()
        spec.file = doc.file
        spec.line = node.mark?.line ?? 0
        let section = try doc.mapping(node, allowed: keys)
        func bounded(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let value = section[key] else { return nil }
            let number = try doc.int(value)
            try doc.check(value, range.contains(number), "\(key) must be in \(range.lowerBound)...\(range.upperBound)")
            return number
        }
        if let paths = section["paths"] {
            spec.paths = []
            for item in try doc.sequence(paths) {
                let path = try doc.string(item)
                try doc.check(item, path.hasPrefix("/") && !path.contains("?") && !path.contains("*"), "path '\(path)' must be a plain absolute path")
                try doc.check(item, !spec.paths.contains(path), "path '\(path)' listed twice")
                spec.paths.append(path)
            }
            try doc.check(paths, !spec.paths.isEmpty, "paths must not be empty")
        }
        if let subprotocols = section["subprotocols"] {
            spec.subprotocols = try doc.sequence(subprotocols).map { item in
                let name = try doc.string(item)
                try doc.check(item, !name.isEmpty && name.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != 44 }, "subprotocol '\(name)' is not a token")
                return name
            }
        }
        spec.authTimeoutSeconds = try bounded("auth_timeout_seconds", 1...60) ?? spec.authTimeoutSeconds
        spec.idleTimeoutSeconds = try bounded("idle_timeout_seconds", 5...3600) ?? spec.idleTimeoutSeconds
        spec.heartbeatSeconds = try bounded("heartbeat_seconds", 0...3600) ?? spec.heartbeatSeconds
        try doc.check(section["heartbeat_seconds"] ?? node, spec.heartbeatSeconds == 0 || spec.heartbeatSeconds >= 5, "heartbeat_seconds must be 0 (none) or 5...3600")
        spec.maxConnections = try bounded("max_connections", 1...1_000_000) ?? spec.maxConnections
        spec.maxConnectionsPerUser = try bounded("max_connections_per_user", 1...1000) ?? spec.maxConnectionsPerUser
        spec.maxUnauthenticated = try bounded("max_unauthenticated", 1...1_000_000) ?? spec.maxUnauthenticated
        spec.maxUnauthenticatedPerAddress = try bounded("max_unauthenticated_per_address", 1...1_000_000) ?? spec.maxUnauthenticatedPerAddress
        spec.maxMessageBytes = try bounded("max_message_bytes", 256...16_777_216) ?? spec.maxMessageBytes
        spec.queueSize = try bounded("queue_size", 1...100_000) ?? spec.queueSize
        spec.handshakeSettleMilliseconds = try bounded("handshake_settle_ms", 0...1000) ?? spec.handshakeSettleMilliseconds
        return spec
    }

    /// The shapes the socket messages are built from (read by the realtime module, not a route).
    public static let shapes: Set<String> = ["ws_points_update", "ws_stock_update", "ws_review_result", "ws_system_message"]
}
