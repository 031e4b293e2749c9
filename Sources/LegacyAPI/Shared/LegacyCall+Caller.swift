import BridgeKit
import NIOConcurrencyHelpers
import V4Contract

extension LegacyCall {
    /// The V4 user id behind the call's token (V4's per-user routes take it in the path): the
    /// token's own subject when it can be read, else one `auth/profile` call.
    ///
    /// Reading the subject needs no secret and proves nothing: the V4 call that follows checks
    /// the signature, and a token for user A cannot reach user B's rows (`SELF_ONLY`).
    func callerUserId() async throws -> Int64 {
        if let userId = tokenUserId { return userId }
        return try await v4(V4API.Auth.profile, .init()).user.userId
    }

    /// The `sub` (or `user_id`/`userId`) claim of a JWT access token, unverified. A client
    /// sends the same token for its whole lifetime, so the answer is remembered per token:
    /// decoding and parsing the payload cost more than the core's own signature check.
    var tokenUserId: Int64? {
        guard let token else { return nil }
        if let known = Self.subjects.withLockedValue({ $0[token] }) { return known }
        let subject = Self.subject(ofJWT: token)
        if let subject {
            Self.subjects.withLockedValue { cache in
                // Bounded: forgotten all at once when full (a token is re-read on its next use).
                if cache.count >= 10_000 { cache.removeAll(keepingCapacity: true) }
                cache[token] = subject
            }
        }
        return subject
    }

    private static let subjects = NIOLockedValueBox([String: Int64]())

    static func subject(ofJWT token: String) -> Int64? {
        guard token.utf8.count <= 4096, let claims = JWTClaims.claims(token) else { return nil }
        for key in ["sub", "user_id", "userId"] {
            switch claims[key] {
            case .string(let text)?: if let id = Int64(text), id > 0 { return id }
            case let value? where value.intValue != nil: if let id = value.intValue, id > 0 { return id }
            default: continue
            }
        }
        return nil
    }

    /// `page` and `limit` of a list route as the V4 page query; their defaults and bounds come
    /// from the mapping.
    var pageQuery: V4PageQuery {
        V4PageQuery(page: Int(input.int("page") ?? 1), limit: Int(input.int("limit") ?? 20))
    }

    /// A filter field's canonical value, nil for the mapping's "everything" value `all`.
    func filter(_ name: String) -> String? {
        input.string(name).flatMap { $0 == "all" ? nil : $0 }
    }
}

extension LegacyCall {
    /// Two independent V4 facts: concurrently when the core is across a network (the latency
    /// halves), one after the other in process (two child tasks cost more to schedule than two
    /// microsecond calls take; Docs/performance.md).
    func both<A: Sendable, B: Sendable>(
        _ first: @Sendable () async throws -> A, _ second: @Sendable () async throws -> B
    ) async throws -> (A, B) {
        guard core.callsAreRemote else { return (try await first(), try await second()) }
        async let a = first()
        async let b = second()
        return try await (a, b)
    }
}
