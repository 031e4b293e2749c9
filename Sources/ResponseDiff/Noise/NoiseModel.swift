/// Paths that differ between two copies of the old service (or two calls to it), per endpoint.
/// A difference there is noise: reported apart, never silently dropped.
public struct NoiseModel: Sendable {
    public private(set) var patterns: [String: Set<PathPattern>] = [:]

    public init() {}

    /// Learns from the differences between primary and secondary (or a repeat) for `endpoint`,
    /// generalising array indices so `/data/records/3/created_at` covers every record.
    public mutating func learn(endpoint: String, from differences: [Difference]) {
        for difference in differences {
            patterns[endpoint, default: []].insert(
                difference.scope == .status ? PathPattern.generalising("") : PathPattern.generalising(difference.path))
        }
    }

    public func isNoise(_ difference: Difference, endpoint: String) -> Bool {
        patterns[endpoint]?.contains { $0.covers(pointer: difference.path) } ?? false
    }
}
