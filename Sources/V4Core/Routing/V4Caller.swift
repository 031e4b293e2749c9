import V4Contract

/// What a V4 handler receives besides its typed input: the caller's identity on `bearer`
/// endpoints, the token as presented, the request id and the client's address.
public struct V4Caller: Sendable {
    public let identity: Identity?
    public let token: String?
    public let requestID: String
    /// Who the call is counted against (nil: not known, e.g. a test).
    public var clientAddress: String? = nil

    /// The identity on a protected endpoint (always set there).
    public var authenticated: Identity {
        get throws(V4Error) {
            guard let identity else { throw V4Error(.unauthorized) }
            return identity
        }
    }

    /// V4 rule for per-user resources: the user themself or an admin (`SELF_ONLY` otherwise).
    public func requireSelfOrAdmin(_ userId: Int64) throws(V4Error) {
        let caller = try authenticated
        guard caller.userId == userId || caller.isAdmin else { throw V4Error(.selfOnly) }
    }
}
