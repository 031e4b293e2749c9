import BridgeKit

/// The matchers a recording may use for dynamic values (`JSONDiff` applies them when the primary
/// side is a recording; objects must still have exactly the recorded keys):
///
/// | matcher | matches |
/// |---|---|
/// | `$jwt` | a three-segment base64url token |
/// | `$timestamp` | an ISO 8601 date-time with `Z` (the legacy format) |
/// | `$wallclock` | `YYYY-MM-DD HH:mm:ss`, no zone (D1-A's pages; profile `d1a`) |
/// | `$string` / `$number` / `$boolean` | any value of that type |
/// | `$any` | anything, including null |
///
/// A literal string starting with `$` is written `$$…`.
public enum GoldenMatcher {
    /// Whether `value` satisfies the matcher named `pattern` (`$jwt`, `$timestamp`, …).
    public static func matches(_ pattern: String, _ value: JSONValue) -> Bool {
        switch pattern {
        case "$any": return true
        case "$string": return value.stringValue != nil
        case "$number": return value.doubleValue != nil
        case "$boolean": return value.boolValue != nil
        case "$jwt":
            guard let text = value.stringValue else { return false }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isBase64URL) }
        case "$timestamp":
            guard let text = value.stringValue else { return false }
            return text.hasSuffix("Z") && Timestamp.parse(text) != nil
        case "$wallclock":
            guard let text = value.stringValue, text.utf8.count == 19 else { return false }
            return Timestamp.parse(text.replacingOccurrences(of: " ", with: "T") + "+08:00") != nil && text.dropFirst(10).hasPrefix(" ")
        default: return false
        }
    }

    /// `actual` with every value the recording marks dynamic (a `$matcher`) replaced by the matcher's
    /// name, so two runs' responses can be compared for equality.
    public static func masked(_ actual: JSONValue, by expected: JSONValue) -> JSONValue {
        if case .string(let pattern) = expected, pattern.hasPrefix("$"), !pattern.hasPrefix("$$") { return expected }
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            var copy = JSONObject()
            for (key, value) in a.entries { copy[key] = e[key].map { masked(value, by: $0) } ?? value }
            return .object(copy)
        case (.array(let e), .array(let a)) where e.count == a.count:
            return .array(zip(e, a).map { masked($1, by: $0) })
        default:
            return actual
        }
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95
    }
}
