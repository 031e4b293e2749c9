import V4Contract
import JWTKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The claims of every token the core issues.
public struct TokenClaims: JWTPayload, Equatable {
    public enum Kind: String, Codable, Sendable { case access, refresh }

    public var sub: String
    public var typ: Kind
    public var sid: String
    public var jti: String
    public var iat: Int64
    public var exp: Int64

    public var userId: Int64? { Int64(sub) }

    /// Expiry is checked by `TokenService` against its clock, so "expired" and "forged" stay distinct.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Why a presented token was refused.
public enum TokenFailure: Error, Sendable, Equatable {
    case malformed
    case invalid
    case expired
    case wrongKind
}

/// Signs and verifies HS256 JWTs with the deployment's secret.
public struct TokenService: Sendable {
    public let accessTTL: Int
    public let refreshTTL: Int
    private let keys: JWTKeyCollection
    private let clock: @Sendable () -> Date

    public init(secret: String, accessTTL: Int, refreshTTL: Int, clock: @escaping @Sendable () -> Date = Date.init) async {
        self.keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.accessTTL = accessTTL
        self.refreshTTL = refreshTTL
        self.clock = clock
    }

    /// Signs a token; `lifetime` overrides the configured TTL (a negative one mints an expired
    /// token, which the differ uses to replay "expired token" recordings).
    public func issue(_ kind: TokenClaims.Kind, userId: Int64, sessionId: String, jti: String, lifetime: Int? = nil)
        async throws -> String
    {
        let now = Int64(clock().timeIntervalSince1970)
        let ttl = Int64(lifetime ?? (kind == .access ? accessTTL : refreshTTL))
        let claims = TokenClaims(sub: String(userId), typ: kind, sid: sessionId, jti: jti, iat: now, exp: now + ttl)
        return try await keys.sign(claims)
    }

    /// Verifies signature, kind and expiry.
    public func verify(_ token: String, as kind: TokenClaims.Kind) async throws(TokenFailure) -> TokenClaims {
        guard token.split(separator: ".", omittingEmptySubsequences: false).count == 3 else { throw .malformed }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch let error as JWTError where error.errorType == .malformedToken {
            throw .malformed
        } catch {
            throw .invalid
        }
        guard claims.typ == kind else { throw .wrongKind }
        guard claims.userId != nil else { throw .invalid }
        guard Int64(clock().timeIntervalSince1970) < claims.exp else { throw .expired }
        return claims
    }
}
