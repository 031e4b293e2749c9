import NIOCore

/// What one connection may hold of the server, and how many connections there may be
/// (Docs/operations.md). Enforced on the raw bytes by `ConnectionGuard`, before HTTP parsing,
/// so it holds for the WebSocket-upgrading pipeline too.
public struct ServerLimits: Sendable, Equatable {
    /// From accepting a connection, or from the first byte of a further request on it, until the
    /// request head (through its blank line) has arrived. A client trickling its headers or
    /// sending nothing is closed after this.
    public var headerTimeout: TimeAmount = .seconds(10)
    /// Waiting for the next request on a keep-alive connection.
    public var idleTimeout: TimeAmount = .seconds(60)
    /// From the end of a request head until the response starts: the body's upload and the
    /// server's work. Uploads are 5 MB at most; 120 s is 42 KB/s.
    public var requestTimeout: TimeAmount = .seconds(120)
    /// How long a connection may leave the server's writes unread: once its send buffer is full
    /// (the channel is not writable) and stays so this long, it is closed. A client that reads,
    /// however slowly, makes the buffer drain and is never cut; one that stopped reading (a
    /// socket whose app is frozen) frees its place. HTTP and WebSocket alike.
    public var sendTimeout: TimeAmount = .seconds(30)
    /// A request head larger than this is answered 431 and the connection closed.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Connections open at once; beyond it a new connection is answered 503 and closed. Lowered
    /// at start-up to stay under the process's descriptor limit.
    public var maxConnections: Int = 4096
    /// Connections one client address may hold of `maxConnections`; nil: a sixteenth of it (at
    /// least 16), so one address holding silent connections cannot take everyone's place. A
    /// trusted proxy's connections (every client behind it) count only against `maxConnections`.
    public var maxConnectionsPerAddress: Int? = nil
    /// Peers whose connections carry many clients (`serve --trusted-proxy`).
    public var trustedProxies: TrustedProxies = .none

    public init() {}

    /// What one client address may hold.
    public var addressShare: Int { maxConnectionsPerAddress ?? max(16, maxConnections / 16) }

    /// Descriptors the server needs besides connections: the database's pool, the listening
    /// socket, the upstream pool, logs.
    public static let reservedDescriptors = 64

    /// `maxConnections` lowered to fit `descriptorLimit` (the soft RLIMIT_NOFILE).
    public func fitted(toDescriptorLimit descriptorLimit: Int) -> ServerLimits {
        var copy = self
        copy.maxConnections = max(1, min(maxConnections, descriptorLimit - Self.reservedDescriptors))
        return copy
    }
}
