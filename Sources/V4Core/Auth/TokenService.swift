import V4Contract
import BridgeKit
import Crypto
import JWTKit
import NIOConcurrencyHelpers

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
    /// The same secret as `keys`, for the synchronous HS256 check on the hot path.
    private let key: SymmetricKey
    /// Tokens whose signature has been checked, with their claims (kind and expiry are checked
    /// on every use).
    private let checked = CheckedTokens()
    private let clock: @Sendable () -> Date

    public init(secret: String, accessTTL: Int, refreshTTL: Int, clock: @escaping @Sendable () -> Date = Date.init) async {
        self.keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.key = SymmetricKey(data: Array(secret.utf8))
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

    /// Verifies signature, kind and expiry: an HS256 check of the standard compact form
    /// (what jwt-kit signs), done in place without an actor hop or a `Codable` pass.
    public func verify(_ token: String, as kind: TokenClaims.Kind) throws(TokenFailure) -> TokenClaims {
        let claims: TokenClaims
        if let known = checked.claims(of: token) {
            claims = known
        } else {
            claims = try Self.verified(token, key: key)
            checked.store(token, claims)
        }
        guard claims.typ == kind else { throw .wrongKind }
        guard claims.userId != nil else { throw .invalid }
        guard Int64(clock().timeIntervalSince1970) < claims.exp else { throw .expired }
        return claims
    }

    /// Largest token accepted for checking; ours are about 300 bytes.
    static let maxTokenBytes = 4096

    static func verified(_ token: String, key: SymmetricKey) throws(TokenFailure) -> TokenClaims {
        let bytes = Array(token.utf8)
        guard bytes.count <= maxTokenBytes else { throw .malformed }
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        guard dots.count == 2 else { throw .malformed }
        guard let header = Base64URL.decode(bytes[..<dots[0]]), let payload = Base64URL.decode(bytes[(dots[0] + 1)..<dots[1]]),
            let signature = Base64URL.decode(bytes[(dots[1] + 1)...]),
            case .object(let head)? = try? JSONValue.parse(header), case .object(let body)? = try? JSONValue.parse(payload)
        else { throw .malformed }
        // Only HS256: a token naming another algorithm (or `none`) is not ours.
        guard head["alg"]?.stringValue == "HS256" else { throw .invalid }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: bytes[..<dots[1]], using: key) else { throw .invalid }
        guard let sub = body["sub"]?.stringValue, let typ = body["typ"]?.stringValue.flatMap(TokenClaims.Kind.init(rawValue:)),
            let sid = body["sid"]?.stringValue, let jti = body["jti"]?.stringValue, let iat = body["iat"]?.intValue,
            let exp = body["exp"]?.intValue
        else { throw .invalid }
        return TokenClaims(sub: sub, typ: typ, sid: sid, jti: jti, iat: iat, exp: exp)
    }
}

/// Signature-checked tokens and their claims, bounded (dropped all at once when full).
final class CheckedTokens: Sendable {
    private let entries = NIOLockedValueBox([String: TokenClaims]())
    let capacity = 50_000

    func claims(of token: String) -> TokenClaims? { entries.withLockedValue { $0[token] } }

    func store(_ token: String, _ claims: TokenClaims) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = claims
        }
    }
}
