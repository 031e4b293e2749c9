import BridgeKit

/// A second legacy API the docs describe beside `/api` — D1-V1's `/api/v1` (legacy inventory §4):
/// its path prefix, its envelope, its own error table and its id spellings. Its routes reuse the
/// `/api` family's translations; what differs is data (`Mappings/v1-*.yaml`): field names, the
/// `reshape:` of each answer, the errors.
public struct FamilySpec: Sendable, Equatable {
    public enum Envelope: String, Sendable, Equatable {
        /// `{code, msg, message, data}` (the `/api` family).
        case e1
        /// `{code, message, data, timestamp, requestId}`, failures with `errors[]` or `solution`
        /// (legacy inventory §1.1 E2).
        case e2
    }

    public var name: String
    /// Every path of the family starts with it (`/api/v1`); an unknown path under it answers in
    /// the family's envelope.
    public var prefix: String
    public var envelope: Envelope
    /// V4 code → the family's legacy error (its own table: D1-V1 §4.1 for v1).
    public var errors: [String: LegacyErrorSpec] = [:]
    /// Bridge failure → the family's legacy error.
    public var bridgeErrors: [String: LegacyErrorSpec] = [:]
    public var fallbackError: LegacyErrorSpec
    /// `solution` by legacy code (D1-V1 §4.2: 2001 → 请重新登录后再试).
    public var solutions: [Int: String] = [:]
    /// String ids: kind → prefix (`user` → `user_`: V4 user 123 is `user_123`).
    public var idPrefixes: [String: String] = [:]
    /// Where it was defined.
    public var file: String = ""

    public init(name: String, prefix: String, envelope: Envelope, fallbackError: LegacyErrorSpec) {
        self.name = name
        self.prefix = prefix
        self.envelope = envelope
        self.fallbackError = fallbackError
    }

    /// `prefix + id` for a kind the family names; the bare number otherwise.
    public func stringId(_ kind: String, _ id: Int64) -> String {
        (idPrefixes[kind] ?? "") + String(id)
    }

    /// The core's integer id in a family string id (`prod_123` → 123; a bare number is read
    /// as well); nil when it is neither.
    public func integerId(_ kind: String, _ text: String) -> Int64? {
        let prefix = idPrefixes[kind] ?? ""
        let digits = text.hasPrefix(prefix) ? Substring(text.dropFirst(prefix.count)) : Substring(text)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }
}
