/// Where a change applies inside `data`: keys separated by dots, `[]` after a key for every
/// element of the array under it (`results[].prize`, `pagination.total_pages`, `records[].points`).
public struct ProfilePath: Sendable, Equatable, CustomStringConvertible {
    public struct Step: Sendable, Equatable {
        public var key: String
        public var eachElement: Bool
    }

    public var steps: [Step]

    /// Nil for an empty path, an empty key or a misplaced `[`.
    public init?(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var key = Substring(part)
            let each = key.hasSuffix("[]")
            if each { key = key.dropLast(2) }
            guard !key.isEmpty, !key.contains("["), !key.contains("]") else { return nil }
            steps.append(Step(key: String(key), eachElement: each))
        }
        guard !steps.isEmpty, !(steps.last?.eachElement ?? false) else { return nil }
        self.steps = steps
    }

    public var description: String { steps.map { $0.key + ($0.eachElement ? "[]" : "") }.joined(separator: ".") }
}
