import BridgeKit

/// One way two responses differ, at a JSON pointer.
public struct Difference: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// In the candidate only.
        case added
        /// In the primary only.
        case missing
        case typeChanged = "type_changed"
        case valueChanged = "value_changed"
        case lengthChanged = "length_changed"
    }

    /// What part of the exchange differs; status and envelope are compared first.
    public enum Scope: String, Sendable, Codable {
        case status
        case envelope
        case body
    }

    public var path: String
    public var kind: Kind
    public var scope: Scope
    public var primary: JSONValue?
    public var candidate: JSONValue?

    public init(path: String, kind: Kind, scope: Scope = .body, primary: JSONValue?, candidate: JSONValue?) {
        self.path = path
        self.kind = kind
        self.scope = scope
        self.primary = primary
        self.candidate = candidate
    }
}
