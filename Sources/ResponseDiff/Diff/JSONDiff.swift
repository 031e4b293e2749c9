import BridgeKit

/// What the structural diff ignores and how it compares, for one endpoint.
public struct DiffOptions: Sendable {
    public var ignore: [PathPattern] = []
    /// Arrays compared as multisets; with a key, elements are paired by that field's value.
    public var unordered: [(pattern: PathPattern, key: String?)] = []
    public var matchers: [(pattern: PathPattern, matcher: ValueMatcher)] = []
    /// The primary side is a recording whose `$jwt`, `$timestamp`… strings are matchers (GoldenMatcher).
    public var primaryIsRecording = false

    public init() {}
}

/// A structural JSON diff with JSON-pointer paths: added and missing fields, type changes, value
/// changes, array lengths and elements. Numbers compare by value (58.5 = 58.50); strings exactly.
public enum JSONDiff {
    public static func diff(primary: JSONValue, candidate: JSONValue, options: DiffOptions = DiffOptions()) -> [Difference] {
        var out: [Difference] = []
        compare(primary, candidate, at: "", options: options, into: &out)
        return out
    }

    static func compare(_ a: JSONValue, _ b: JSONValue, at path: String, options: DiffOptions, into out: inout [Difference]) {
        if options.ignore.contains(where: { $0.covers(pointer: path) }) { return }
        if options.primaryIsRecording, case .string(let pattern) = a, pattern.hasPrefix("$") {
            if pattern.hasPrefix("$$") {
                if b != .string(String(pattern.dropFirst())) {
                    out.append(Difference(path: path, kind: .valueChanged, primary: .string(String(pattern.dropFirst())), candidate: b))
                }
            } else if !GoldenMatcher.matches(pattern, b) {
                out.append(Difference(path: path, kind: .valueChanged, primary: a, candidate: b))
            }
            return
        }
        if let matcher = options.matchers.first(where: { $0.pattern.matches(pointer: path) })?.matcher {
            // Equal values need no matcher; different ones are the same only if both satisfy it.
            if !a.isEquivalent(to: b) && !(matcher.accepts(a) && matcher.accepts(b)) {
                out.append(Difference(path: path, kind: .valueChanged, primary: a, candidate: b))
            }
            return
        }
        guard a.typeName == b.typeName else {
            out.append(Difference(path: path, kind: .typeChanged, primary: a, candidate: b))
            return
        }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for key in x.keys {
                let child = JSONPointer.appending(path, key)
                if let value = y[key] {
                    compare(x[key]!, value, at: child, options: options, into: &out)
                } else if !options.ignore.contains(where: { $0.covers(pointer: child) }) {
                    out.append(Difference(path: child, kind: .missing, primary: x[key], candidate: nil))
                }
            }
            for key in y.keys where x[key] == nil {
                let child = JSONPointer.appending(path, key)
                if !options.ignore.contains(where: { $0.covers(pointer: child) }) {
                    out.append(Difference(path: child, kind: .added, primary: nil, candidate: y[key]))
                }
            }
        case (.array(let x), .array(let y)):
            if let rule = options.unordered.first(where: { $0.pattern.matches(pointer: path) }) {
                compareUnordered(x, y, key: rule.key, at: path, options: options, into: &out)
                return
            }
            if x.count != y.count {
                out.append(Difference(
                    path: path, kind: .lengthChanged, primary: .int(Int64(x.count)), candidate: .int(Int64(y.count))))
            }
            for index in 0..<min(x.count, y.count) {
                compare(x[index], y[index], at: JSONPointer.appending(path, index), options: options, into: &out)
            }
            for index in y.count..<max(x.count, y.count) where index < x.count {
                out.append(Difference(path: JSONPointer.appending(path, index), kind: .missing, primary: x[index], candidate: nil))
            }
            for index in x.count..<max(x.count, y.count) where index < y.count {
                out.append(Difference(path: JSONPointer.appending(path, index), kind: .added, primary: nil, candidate: y[index]))
            }
        default:
            if !a.isEquivalent(to: b) {
                out.append(Difference(path: path, kind: .valueChanged, primary: a, candidate: b))
            }
        }
    }

    /// Pairs elements by `key` (or by equal content), then compares the pairs; leftovers are
    /// missing (primary index) or added (candidate index).
    static func compareUnordered(
        _ x: [JSONValue], _ y: [JSONValue], key: String?, at path: String, options: DiffOptions, into out: inout [Difference]
    ) {
        func identity(_ value: JSONValue) -> String {
            if let key, let id = value[key] { return "k:" + id.sortedKeys().serialized() }
            return "v:" + value.sortedKeys().serialized()
        }
        var pool: [String: [Int]] = [:]
        for (index, value) in y.enumerated() { pool[identity(value), default: []].append(index) }
        var used = Set<Int>()
        for (index, value) in x.enumerated() {
            let id = identity(value)
            if var candidates = pool[id], !candidates.isEmpty {
                let match = candidates.removeFirst()
                pool[id] = candidates
                used.insert(match)
                if key != nil {
                    compare(value, y[match], at: JSONPointer.appending(path, index), options: options, into: &out)
                }
            } else {
                out.append(Difference(path: JSONPointer.appending(path, index), kind: .missing, primary: value, candidate: nil))
            }
        }
        for (index, value) in y.enumerated() where !used.contains(index) {
            out.append(Difference(path: JSONPointer.appending(path, index), kind: .added, primary: nil, candidate: value))
        }
    }
}
