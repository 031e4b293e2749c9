import BridgeKit

/// Compares a response body with a recorded one. Objects must have exactly the recorded keys;
/// numbers compare by value; strings that start with `$` are matchers for dynamic values:
///
/// | matcher | matches |
/// |---|---|
/// | `$jwt` | a three-segment base64url token |
/// | `$timestamp` | an ISO 8601 date-time with `Z` (the legacy format) |
/// | `$string` / `$number` / `$boolean` | any value of that type |
/// | `$any` | anything, including null |
///
/// A literal string starting with `$` is written `$$…`.
public enum GoldenMatcher {
    /// Every mismatch, as `path: reason`; empty when the body matches.
    public static func mismatches(expected: JSONValue, actual: JSONValue, path: String = "") -> [String] {
        if case .string(let pattern) = expected, pattern.hasPrefix("$") {
            if pattern.hasPrefix("$$") {
                return actual == .string(String(pattern.dropFirst())) ? [] : ["\(path): expected \(pattern.dropFirst()), got \(actual.serialized())"]
            }
            return matches(pattern, actual) ? [] : ["\(path): \(actual.serialized()) does not match \(pattern)"]
        }
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            var problems: [String] = []
            for key in e.keys where a[key] == nil { problems.append("\(path)/\(key): missing") }
            for key in a.keys where e[key] == nil { problems.append("\(path)/\(key): unexpected field") }
            for key in e.keys { if let av = a[key] { problems += mismatches(expected: e[key]!, actual: av, path: "\(path)/\(key)") } }
            return problems
        case (.array(let e), .array(let a)):
            guard e.count == a.count else { return ["\(path): expected \(e.count) elements, got \(a.count)"] }
            return zip(e, a).enumerated().flatMap { mismatches(expected: $1.0, actual: $1.1, path: "\(path)/\($0)") }
        default:
            return expected.isEquivalent(to: actual) ? [] : ["\(path): expected \(expected.serialized()), got \(actual.serialized())"]
        }
    }

    static func matches(_ pattern: String, _ value: JSONValue) -> Bool {
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
        default: return false
        }
    }

    /// Replaces dynamic values (tokens, timestamps) by their matcher names, so responses from two
    /// runs can be compared for equality.
    public static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string:
            if matches("$jwt", value) { return "$jwt" }
            if matches("$timestamp", value) { return "$timestamp" }
            return value
        case .array(let items): return .array(items.map(normalized))
        case .object(let object):
            var copy = JSONObject()
            for (key, item) in object.entries { copy[key] = normalized(item) }
            return .object(copy)
        default: return value
        }
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95
    }
}
