import BridgeKit
import Yams

/// How a family route's answer is built from the `/api` translation's answer (`reshape:` in its
/// mapping): the same operation, another spelling. A named change, not a copied translation.
///
/// ```yaml
/// reshape:
///   accessToken: access_token                    # a key path in the translation's data
///   user:
///     userId: {from: user_info.user_id, id: user} # an integer id as the family's string id
///     phone: {input: phone}                       # what the request sent
///     role: {value: user}                         # a constant
///   results: {each: results, as: {prizeId: prize.id}}   # each element, reshaped
/// ```
/// Leaf modifiers: `id: KIND` (string id), `map: {from: to}` (values), `default: V` (missing or
/// null), `abs: true` (magnitude). A path starting
/// with `/` is read from the whole answer, one starting with `@` from what the translation read
/// from V4 (`LegacyReply.source`), otherwise from the current element.
public indirect enum Reshape: Sendable, Equatable {
    case object([Entry])
    case each(path: Path, element: Reshape)
    case leaf(Leaf)

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: Reshape
    }

    public struct Path: Sendable, Equatable {
        public enum Base: Sendable, Equatable { case current, root, source }
        public var keys: [String]
        public var base: Base

        init(_ text: String) {
            base = text.hasPrefix("/") ? .root : text.hasPrefix("@") ? .source : .current
            keys = text.drop(while: { $0 == "/" || $0 == "@" }).split(separator: ".").map(String.init)
        }

        func read(_ current: JSONValue, _ context: Context) -> JSONValue? {
            var value: JSONValue? = switch base {
            case .current: current
            case .root: context.root
            case .source: context.source
            }
            for key in keys { value = value?[key] }
            return value
        }
    }

    struct Context {
        var root: JSONValue
        var source: JSONValue?
        var input: LegacyInput
        var family: FamilySpec
    }

    public struct Leaf: Sendable, Equatable {
        public enum Source: Sendable, Equatable {
            case data(Path)
            case input(String)
            case value(JSONValue)
        }

        public var source: Source
        public var id: String?
        public var map: [String: JSONValue]?
        public var defaultValue: JSONValue?
        public var magnitude = false
    }

    /// The family's answer from the translation's `data` (and `source`) and the request's input.
    public func apply(to data: JSONValue, source: JSONValue? = nil, input: LegacyInput, family: FamilySpec) -> JSONValue {
        build(data, Context(root: data, source: source, input: input, family: family)) ?? .null
    }

    private func build(_ current: JSONValue, _ context: Context) -> JSONValue? {
        switch self {
        case .object(let entries):
            var object = JSONObject(minimumCapacity: entries.count)
            for entry in entries { object[entry.key] = entry.value.build(current, context) ?? .null }
            return .object(object)
        case .each(let path, let element):
            guard let items = path.read(current, context)?.arrayValue else { return .array([]) }
            return .array(items.map { element.build($0, context) ?? .null })
        case .leaf(let leaf):
            let family = context.family
            var value: JSONValue?
            switch leaf.source {
            case .data(let path): value = path.read(current, context)
            case .input(let name): value = context.input[name]
            case .value(let constant): value = constant
            }
            if value == nil || value == .null { return leaf.defaultValue ?? value }
            if let kind = leaf.id, let integer = value?.intValue { value = .string(family.stringId(kind, integer)) }
            if let map = leaf.map, let key = value.map(Self.text), let mapped = map[key] { value = mapped }
            if leaf.magnitude {
                switch value {
                case .int(let number)?: value = .int(number.magnitude > UInt64(Int64.max) ? Int64.max : Int64(number.magnitude))
                case .double(let number)?: value = .double(abs(number))
                default: break
                }
            }
            return value
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        default: value.serialized()
        }
    }

    /// Reads a `reshape:` node.
    public static func read(_ node: Node, doc: YAMLReader) throws -> Reshape {
        if case .scalar = node { return .leaf(Leaf(source: .data(Path(try doc.string(node))))) }
        let entries = try doc.mapping(node)
        let keys = Set(entries.map(\.0.string))
        if keys.contains("each") {
            let map = try doc.mapping(node, allowed: ["each", "as"], required: ["each", "as"])
            return .each(path: Path(try doc.string(map["each"]!)), element: try read(map["as"]!, doc: doc))
        }
        if !keys.isDisjoint(with: ["from", "input", "value"]) {
            let map = try doc.mapping(node, allowed: ["from", "input", "value", "id", "map", "default", "abs"])
            let sources = ["from", "input", "value"].filter { map[$0] != nil }
            try doc.check(node, sources.count == 1, "a reshape leaf takes one of from, input, value")
            let source: Leaf.Source = switch sources[0] {
            case "from": .data(Path(try doc.string(map["from"]!)))
            case "input": .input(try doc.string(map["input"]!))
            default: .value(try doc.json(map["value"]!))
            }
            var leaf = Leaf(source: source)
            leaf.id = try map["id"].map(doc.string)
            if let mapNode = map["map"] {
                var values: [String: JSONValue] = [:]
                for (key, value) in try doc.mapping(mapNode) { values[key.string] = try doc.json(value.node) }
                leaf.map = values
            }
            leaf.defaultValue = try map["default"].map(doc.json)
            leaf.magnitude = try map["abs"].map(doc.bool) ?? false
            return .leaf(leaf)
        }
        return .object(try entries.map { Entry(key: $0.0.string, value: try read($0.1.node, doc: doc)) })
    }
}
