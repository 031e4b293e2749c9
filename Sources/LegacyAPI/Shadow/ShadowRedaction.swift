import BridgeKit
import Foundation

/// What a shadow report may show of a request or an answer: no token (header, or a token-like
/// key anywhere in a body), mobiles masked as the legacy API masks them (`138****8000`).
enum ShadowRedaction {
    static let secretKeys: Set<String> = [
        "access_token", "accessToken", "refresh_token", "refreshToken", "token", "uploadToken", "password",
        "verification_code", "captcha", "admin_key",
    ]
    /// In a request body `code` is a verification code (D1-V1's login); in an answer it is the
    /// envelope's code and is kept.
    static let secretRequestKeys = secretKeys.union(["code"])
    static let secretHeaders: Set<String> = ["authorization", "cookie", "set-cookie", "x-legacy-shadow"]

    static func headers(_ headers: [(String, String)]) -> [(String, String)] {
        headers.map { secretHeaders.contains($0.0.lowercased()) ? ($0.0, "[redacted]") : $0 }
    }

    static func json(_ value: JSONValue, request: Bool = false) -> JSONValue {
        let secrets = request ? secretRequestKeys : secretKeys
        switch value {
        case .object(let object):
            var out = JSONObject()
            for (key, child) in object.entries {
                out[key] = secrets.contains(key) && !child.isNull ? .string("[redacted]") : json(child, request: request)
            }
            return .object(out)
        case .array(let items): return .array(items.map { json($0, request: request) })
        case .string(let text): return .string(masked(text))
        default: return value
        }
    }

    /// Raw text that is not JSON: mobiles masked, and any bearer token.
    static func text(_ raw: String, request: Bool = false) -> String {
        if let parsed = try? JSONValue.parse(raw) { return json(parsed, request: request).serialized() }
        return masked(raw)
    }

    /// Every run of 11 digits starting with 1 (a mainland mobile) → `138****8000`; JWT-like
    /// strings (three base64url parts) → `[redacted]`.
    static func masked(_ text: String) -> String {
        let looksLikeJWT = text.split(separator: ".").count == 3 && text.count > 40 && !text.contains(" ")
        if looksLikeJWT { return "[redacted]" }
        var out = ""
        var digits = ""
        func flush() {
            if digits.count == 11, digits.hasPrefix("1") {
                out += digits.prefix(3) + "****" + digits.suffix(4)
            } else {
                out += digits
            }
            digits = ""
        }
        for character in text {
            if character.isASCII, character.isNumber { digits.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out
    }
}
