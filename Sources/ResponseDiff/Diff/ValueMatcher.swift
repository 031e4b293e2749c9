import BridgeKit
import Foundation

/// A rule that two values are "the same" when both satisfy it, whatever their exact text:
/// any ISO timestamp, any token, a regular expression, any value.
public struct ValueMatcher: Sendable, CustomStringConvertible {
    enum Rule: Sendable {
        case timestamp
        case token
        case any
        case number
        case regex(Pattern)
    }

    /// An `NSRegularExpression` compiled once.
    final class Pattern: @unchecked Sendable {
        let source: String
        let expression: NSRegularExpression
        init(_ source: String) throws {
            self.source = source
            self.expression = try NSRegularExpression(pattern: "^(?:" + source + ")$")
        }
    }

    let rule: Rule

    public var description: String {
        switch rule {
        case .timestamp: "timestamp"
        case .token: "token"
        case .any: "any"
        case .number: "number"
        case .regex(let pattern): "regex:\(pattern.source)"
        }
    }

    /// `timestamp`, `token`, `any`, `number`, or `regex:<pattern>`.
    public init(_ text: String) throws {
        switch text {
        case "timestamp": rule = .timestamp
        case "token": rule = .token
        case "any": rule = .any
        case "number": rule = .number
        case _ where text.hasPrefix("regex:"): rule = .regex(try Pattern(String(text.dropFirst(6))))
        default: throw ValueMatcherError(text: text)
        }
    }

    public func accepts(_ value: JSONValue) -> Bool {
        switch rule {
        case .any: return true
        case .number: return value.doubleValue != nil
        case .timestamp:
            guard let text = value.stringValue else { return false }
            return Timestamp.parse(text) != nil
        case .token:
            // JWTs and other opaque credentials: 16+ characters of base64url and dots.
            guard let text = value.stringValue, text.utf8.count >= 16 else { return false }
            return text.utf8.allSatisfy { $0 == 46 || $0 == 45 || $0 == 95 || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
        case .regex(let pattern):
            let text = value.stringValue ?? value.serialized()
            return pattern.expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}

public struct ValueMatcherError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var description: String { "unknown matcher '\(text)' (timestamp, token, any, number, regex:…)" }
}
