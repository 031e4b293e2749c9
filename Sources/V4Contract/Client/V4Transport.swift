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
    /// The deployment has no such endpoint: a 404 that is not a V4 envelope (Express's HTML
    /// `Cannot GET …`). Nothing was processed.
    case absent(endpoint: String)
    /// A rate limiter in front of V4 refused the call without a V4 envelope (express-rate-limit's
    /// plain-text `Too many requests`); `retryAfter` in seconds when it said.
    case rateLimited(retryAfter: Int?)
    /// The request may have reached V4, but the connection failed before a whole answer came
    /// back (reset, closed mid-answer).
    case interrupted(String)
    /// The bridge did not send the call: the upstream's circuit breaker is open.
    case circuitOpen
}

extension V4ClientError {
    /// Whether V4 may have processed the call although no usable answer was read: for a write,
    /// the truth must be read back before the client is told anything.
    public var outcomeUnknown: Bool {
        switch self {
        case .timedOut, .interrupted, .invalidResponse: true
        case .rejected, .unavailable, .absent, .rateLimited, .circuitOpen: false
        }
    }

    /// Whether the failure says something about the upstream's health (connection or protocol),
    /// as opposed to V4's answer about this call.
    public var isUpstreamFault: Bool {
        switch self {
        case .timedOut, .interrupted, .unavailable: true
        case .rejected, .invalidResponse, .absent, .rateLimited, .circuitOpen: false
        }
    }
}

/// Who calls and under which request id: what travels with every V4 call besides its input.
@PublicInit
public struct V4Credentials: Sendable, Equatable {
    /// The bearer token (access, or refresh for [A]'s header refresh).
    public var token: String?
    /// Sent as `X-Request-Id`, so one id names both hops.
    public var requestID: String
    /// The client the call is made for (its IP address), so the core's per-address limits count
    /// the client and not the bridge; sent as `X-Forwarded-For`.
    public var clientAddress: String?
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
