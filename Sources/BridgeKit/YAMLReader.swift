import Yams

/// A key of a YAML mapping with its position.
public struct KeyedNode {
    public var node: Node
    public var string: String { node.string ?? "" }
}

public struct ValueNode {
    public var node: Node
    public init(node: Node) { self.node = node }
}

/// Typed, position-aware access to one YAML document; every error names file, line and column.
public struct YAMLReader {
    public let file: String

    public init(file: String) { self.file = file }

    public func origin(_ node: Node) -> String { "\(file):\(node.mark?.line ?? 0)" }

    public func error(_ node: Node, _ reason: String) -> MappingError {
        MappingError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, reason: reason)
    }

    public func check(_ node: Node, _ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw error(node, reason()) }
    }

    public func check(_ key: KeyedNode, _ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw error(key.node, reason()) }
    }

    /// Mapping entries in document order.
    public func mapping(_ node: Node) throws -> [(KeyedNode, ValueNode)] {
        guard case .mapping(let mapping) = node else { throw error(node, "expected a mapping") }
        var entries: [(KeyedNode, ValueNode)] = []
        var seen = Set<String>()
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "keys must be strings") }
            try check(key, seen.insert(name).inserted, "duplicate key '\(name)'")
            entries.append((KeyedNode(node: key), ValueNode(node: value)))
        }
        return entries
    }

    public func mapping(_ value: ValueNode) throws -> [(KeyedNode, ValueNode)] { try mapping(value.node) }

    /// A mapping whose keys must come from `allowed` and include `required`.
    public func mapping(_ node: Node, allowed: Set<String>, required: Set<String> = []) throws -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in try mapping(node) {
            try check(key, allowed.contains(key.string), "unknown key '\(key.string)' (expected one of \(allowed.sorted()))")
            result[key.string] = value.node
        }
        for name in required.sorted() where result[name] == nil {
            throw error(node, "missing key '\(name)'")
        }
        return result
    }

    public func sequence(_ node: Node) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, "expected a list") }
        return Array(sequence)
    }

    public func string(_ node: Node) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "expected a string") }
        return scalar.string
    }

    public func int(_ node: Node) throws -> Int {
        guard let value = node.int else { throw error(node, "expected an integer") }
        return value
    }

    public func bool(_ node: Node) throws -> Bool {
        guard let value = node.bool else { throw error(node, "expected true or false") }
        return value
    }

    /// A YAML value as JSON: scalars typed as YAML types them, lists and mappings recursively.
    public func json(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let int = node.int { return .int(Int64(int)) }
                if let bool = node.bool { return .bool(bool) }
                if let double = node.float, scalar.string.contains(".") { return .double(double) }
                if node.null != nil { return .null }
            }
            return .string(scalar.string)
        case .sequence(let sequence): return .array(try sequence.map { try json($0) })
        case .mapping:
            var object = JSONObject()
            for (key, value) in try mapping(node) { object[key.string] = try json(value.node) }
            return .object(object)
        default: throw error(node, "aliases are not supported")
        }
    }

}
