/// A dotted client version (`1.0.0`, `2.1.3`, `2.1`) and ranges of them (`>=1.0.0 <2.0.0`):
/// comparators separated by spaces, all of which must hold; a bare version means `=`.
public struct ClientVersion: Sendable, Comparable, CustomStringConvertible {
    public var parts: [Int]

    /// Nil unless 1–4 dot-separated numbers of at most 6 digits each.
    public init?(_ text: some StringProtocol) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(pieces.count) else { return nil }
        var parts: [Int] = []
        for piece in pieces {
            guard (1...6).contains(piece.count), piece.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(piece) else { return nil }
            parts.append(number)
        }
        self.parts = parts
    }

    public static func < (a: ClientVersion, b: ClientVersion) -> Bool {
        for i in 0..<max(a.parts.count, b.parts.count) {
            let x = i < a.parts.count ? a.parts[i] : 0, y = i < b.parts.count ? b.parts[i] : 0
            if x != y { return x < y }
        }
        return false
    }

    public static func == (a: ClientVersion, b: ClientVersion) -> Bool { !(a < b) && !(b < a) }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public struct Range: Sendable, Equatable {
        public enum Operator: String, Sendable { case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "=" }
        public var comparators: [(Operator, ClientVersion)]

        /// Nil for an empty range or a comparator that is not `[op]version`.
        public init?(_ text: String) {
            var comparators: [(Operator, ClientVersion)] = []
            for token in text.split(separator: " ") {
                var op = Operator.eq
                var rest = Substring(token)
                for candidate in [Operator.le, .ge, .lt, .gt, .eq] where rest.hasPrefix(candidate.rawValue) {
                    op = candidate
                    rest = rest.dropFirst(candidate.rawValue.count)
                    break
                }
                guard let version = ClientVersion(rest) else { return nil }
                comparators.append((op, version))
            }
            guard !comparators.isEmpty else { return nil }
            self.comparators = comparators
        }

        public func contains(_ version: ClientVersion) -> Bool {
            comparators.allSatisfy { op, bound in
                switch op {
                case .lt: version < bound
                case .le: version <= bound
                case .gt: version > bound
                case .ge: version >= bound
                case .eq: version == bound
                }
            }
        }

        public static func == (a: Range, b: Range) -> Bool {
            a.comparators.count == b.comparators.count
                && zip(a.comparators, b.comparators).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        }
    }
}
