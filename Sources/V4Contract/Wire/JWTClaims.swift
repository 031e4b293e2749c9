import BridgeKit

/// Unverified reads of a JWT's claims: what the bridge derives from a token V4 issued when 003's
/// answer does not say it (an expiry for `expires_in` or `token_expires_at`). Nothing here is
/// trusted for access: V4 checks the signature on every call.
public enum JWTClaims {
    public static func claims(_ token: String) -> JSONObject? {
        let bytes = Array(token.utf8)
        guard bytes.count <= 8192, let first = bytes.firstIndex(of: UInt8(ascii: ".")),
            let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: ".")),
            let payload = Base64URL.decode(bytes[(first + 1)..<second]),
            case .object(let claims)? = try? JSONValue.parse(payload)
        else { return nil }
        return claims
    }

    /// The `exp` claim (seconds since 1970).
    public static func expiry(_ token: String) -> Int64? {
        claims(token)?["exp"]?.intValue
    }

    /// Seconds until `exp`, when the token has one in the future.
    public static func secondsLeft(_ token: String, now: Date = Date()) -> Int? {
        guard let exp = expiry(token) else { return nil }
        let left = Int(exp) - Int(now.timeIntervalSince1970)
        return left > 0 ? left : nil
    }
}
