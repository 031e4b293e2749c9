import BridgeKit
import Foundation
import Yams

/// Reads the differ's rules from the same `Mappings/` the translation layer uses: each file's
/// `diff:` section, and every route's method and paths as grouping patterns.
///
/// ```yaml
/// diff:
///   ignore: [data.request_id]
///   matchers: {"**.created_at": timestamp, data.access_token: token, data.order_id: "regex:EX\\d{11,12}"}
///   unordered: {data.prizes: id, data.tags: null}
///   endpoints:
///     "POST /api/merchant/reviews/:id/approve":
///       ignore: [data.reviewed_at]
/// ```
public enum DiffRulesLoader {
    public static func load(directory: String) throws -> DiffRules {
        try load(files: MappingFiles.read(directory: directory))
    }

    public static func load(files: [(name: String, text: String)]) throws -> DiffRules {
        var rules = DiffRules()
        for (file, text) in files {
            let doc = YAMLReader(file: file)
            let root: Node
            do {
                guard let node = try Yams.compose(yaml: text) else { continue }
                root = node
            } catch {
                throw MappingError(file: file, line: 0, column: 0, reason: "invalid YAML: \(error)")
            }
            guard case .mapping = root else { continue }
            let top = Dictionary(try doc.mapping(root).map { ($0.0.string, $0.1.node) }, uniquingKeysWith: { a, _ in a })
            for route in try top["routes"].map({ try doc.sequence($0) }) ?? [] {
                guard case .mapping = route else { continue }
                let fields = Dictionary(try doc.mapping(route).map { ($0.0.string, $0.1.node) }, uniquingKeysWith: { a, _ in a })
                guard let method = try fields["method"].map({ try doc.string($0) }), let paths = fields["paths"] else { continue }
                for path in try doc.sequence(paths) {
                    if let pattern = EndpointPattern(method: method, path: try doc.string(path)) { rules.groups.append(pattern) }
                }
            }
            guard let diff = top["diff"] else { continue }
            let section = try doc.mapping(diff, allowed: ["ignore", "matchers", "unordered", "endpoints"])
            try merge(section, into: &rules.global, doc: doc)
            if let endpoints = section["endpoints"] {
                for (key, value) in try doc.mapping(endpoints) {
                    guard let pattern = EndpointPattern(key.string) else {
                        throw doc.error(key.node, "endpoint '\(key.string)' is not 'METHOD /path'")
                    }
                    var set = RuleSet()
                    if case .mapping = value.node {
                        try merge(try doc.mapping(value.node, allowed: ["ignore", "matchers", "unordered"]), into: &set, doc: doc)
                    }
                    rules.endpoints.append((pattern, set))
                    rules.groups.append(pattern)
                }
            }
        }
        return rules
    }

    static func merge(_ section: [String: Node], into set: inout RuleSet, doc: YAMLReader) throws {
        for item in try section["ignore"].map({ try doc.sequence($0) }) ?? [] {
            set.ignore.append(try pattern(item, doc: doc))
        }
        for (key, value) in try section["matchers"].map({ try doc.mapping($0) }) ?? [] {
            let text = try doc.string(value.node)
            do {
                set.matchers.append((try pattern(key.node, doc: doc), try ValueMatcher(text)))
            } catch let error as ValueMatcherError {
                throw doc.error(value.node, error.description)
            } catch {
                throw doc.error(value.node, "invalid matcher '\(text)': \(error)")
            }
        }
        for (key, value) in try section["unordered"].map({ try doc.mapping($0) }) ?? [] {
            let field: String? = value.node.null != nil ? nil : try doc.string(value.node)
            set.unordered.append((try pattern(key.node, doc: doc), field))
        }
    }

    static func pattern(_ node: Node, doc: YAMLReader) throws -> PathPattern {
        let text = try doc.string(node)
        do {
            return try PathPattern(text)
        } catch {
            throw doc.error(node, error.description)
        }
    }
}
