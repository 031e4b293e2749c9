import BridgeKit

/// What can go wrong calling V4, as the bridge sees it.
public enum V4ClientError: Error, Sendable, Equatable {
    /// V4 answered with an error envelope (or, in process, threw its error).
    case rejected(code: String, message: String, status: Int, data: JSONValue?)
    /// Connection refused, reset, DNS failure…
    case unavailable(String)
    case timedOut
    /// V4 answered something that is not a usable envelope.
    case invalidResponse(String)
}

/// Who calls and under which request id: what travels with every V4 call besides its input.
public struct V4Credentials: Sendable, Equatable {
    /// The bearer token (access, or refresh for [A]'s header refresh).
    public var token: String?
    /// Sent as `X-Request-Id`, so one id names both hops.
    public var requestID: String
    /// The client the call is made for (its IP address), so the core's per-address limits count
    /// the client and not the bridge; sent as `X-Forwarded-For`.
    public var clientAddress: String?

    public init(token: String?, requestID: String, clientAddress: String? = nil) {
        self.token = token
        self.requestID = requestID
        self.clientAddress = clientAddress
    }
}

/// How the bridge reaches a V4 core: in process (typed values, no JSON) or over HTTP (the same
/// types, encoded to and decoded from the wire once). A transport never retries.
public protocol V4Transport: Sendable {
    func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, as credentials: V4Credentials)
        async throws(V4ClientError) -> Output

    /// Whether a call waits on a network round trip, so independent calls are worth making
    /// concurrently. In process a call is microseconds of work and a child task costs more to
    /// schedule than it saves (Docs/performance.md).
    var callsAreRemote: Bool { get }
}

extension V4Transport {
    public var callsAreRemote: Bool { false }
}

extension V4ClientError {
    /// The error the core threw, as a caller sees it.
    public init(_ error: V4Error) {
        self = .rejected(code: error.code.rawValue, message: error.message, status: error.status.code, data: error.data)
    }
}
