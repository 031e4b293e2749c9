/// `POST /api/merchant/reviews/:id/approve`: groups concrete requests by endpoint.
public struct EndpointPattern: Sendable, Hashable, CustomStringConvertible {
    public let method: String
    public let segments: [String]

    public var description: String { method + " /" + segments.joined(separator: "/") }

    /// `"GET /api/lottery/records"` or a method and a path.
    public init?(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        self.init(method: String(parts[0]), path: String(parts[1]))
    }

    public init?(method: String, path: String) {
        guard path.hasPrefix("/"), !method.isEmpty else { return nil }
        self.method = method.uppercased()
        self.segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    public func matches(method: String, path: String) -> Bool {
        guard method.uppercased() == self.method else { return false }
        let pathOnly = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let tokens = pathOnly.split(separator: "/", omittingEmptySubsequences: true)
        guard tokens.count == segments.count else { return false }
        return zip(segments, tokens).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }

    /// Patterns with fewer parameters are more specific (`/reviews/pending` before `/reviews/:id`).
    var parameterCount: Int { segments.filter { $0.hasPrefix(":") }.count }
}
