import BridgeKit
import Yams

extension ProfileSet {
    /// Where each change's route id was written, so the loader can refuse ids no mapping defines
    /// once every file is read.
    struct RouteReference {
        var route: String
        var file: String
        var line: Int
    }

    /// Reads a `profiles:` section: `default`, `select` (rules in order) and `define` (name →
    /// list of changes). Unknown keys, change kinds, formats, paths and profile names fail with
    /// file and line.
    static func read(_ node: Node, doc: YAMLReader) throws -> (ProfileSet, [RouteReference]) {
        var set = ProfileSet()
        var references: [RouteReference] = []
        let section = try doc.mapping(node, allowed: ["default", "select", "define"])
        if let define = section["define"] {
            for (key, value) in try doc.mapping(define) {
                let name = key.string
                try doc.check(key, name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 } && !name.isEmpty,
                              "profile name '\(name)' must be lowercase letters, digits and _")
                try doc.check(key, name != "union", "'union' is the built-in profile without changes")
                try doc.check(key, set.profiles[name] == nil, "profile '\(name)' defined twice")
                var changes: [ProfileChange] = []
                for item in try doc.sequence(value.node) {
                    let (change, reference) = try Self.change(item, doc: doc)
                    changes.append(change)
                    references.append(reference)
                }
                set.profiles[name] = ClientProfile(name: name, changes: changes)
            }
        }
        if let rules = section["select"] {
            for item in try doc.sequence(rules) {
                let rule = try doc.mapping(
                    item, allowed: ["header", "versions", "mini_program", "appid", "user_agent", "sends", "route", "path", "profile"],
                    required: ["profile"])
                let profile = try doc.string(rule["profile"]!)
                try doc.check(rule["profile"]!, set.profiles[profile] != nil, "unknown profile '\(profile)'")
                func range(_ key: String) throws -> ClientVersion.Range? {
                    guard let node = rule[key] else { return nil }
                    let text = try doc.string(node)
                    guard let range = ClientVersion.Range(text) else { throw doc.error(node, "'\(text)' is not a version range (e.g. \">=1.0.0 <2.0.0\")") }
                    return range
                }
                let matcher: ProfileSelector.Matcher
                let kinds = ["header", "mini_program", "user_agent", "sends", "path"].filter { rule[$0] != nil }
                try doc.check(item, kinds.count == 1, "a rule has exactly one of header, mini_program, user_agent, sends, path")
                try doc.check(item, rule["route"] == nil || kinds[0] == "sends", "route belongs to a sends rule")
                switch kinds[0] {
                case "sends":
                    let keys = try doc.sequence(rule["sends"]!).map { try doc.string($0) }
                    try doc.check(rule["sends"]!, !keys.isEmpty && keys.allSatisfy { !$0.isEmpty }, "sends lists the keys a build spells its own way")
                    try doc.check(item, rule["versions"] == nil && rule["appid"] == nil, "a sends rule matches keys only")
                    let route = try rule["route"].map { try doc.string($0) }
                    if let route { references.append(RouteReference(route: route, file: doc.file, line: rule["route"]!.mark?.line ?? 0)) }
                    matcher = .sends(route: route, keys: keys)
                case "path":
                    let path = try doc.string(rule["path"]!)
                    try doc.check(rule["path"]!, path.hasPrefix("/"), "path is a route's path template (/api/user/points-records)")
                    try doc.check(item, rule["versions"] == nil && rule["appid"] == nil, "a path rule matches the path only")
                    matcher = .path(path)
                case "header":
                    let name = try doc.string(rule["header"]!)
                    try doc.check(rule["header"]!, HTTPFieldName.isValid(name), "'\(name)' is not a header name")
                    guard let versions = try range("versions") else { throw doc.error(item, "a header rule needs versions") }
                    try doc.check(item, rule["appid"] == nil, "appid belongs to a mini_program rule")
                    matcher = .header(name: name, versions: versions)
                case "mini_program":
                    try doc.check(rule["mini_program"]!, try doc.bool(rule["mini_program"]!), "mini_program: true (with appid and/or versions)")
                    let appid = try rule["appid"].map { try doc.string($0) }
                    let versions = try range("versions")
                    try doc.check(item, appid != nil || versions != nil, "a mini_program rule needs appid or versions")
                    matcher = .miniProgram(appid: appid, versions: versions)
                default:
                    let text = try doc.string(rule["user_agent"]!)
                    try doc.check(rule["user_agent"]!, !text.isEmpty, "user_agent text must not be empty")
                    try doc.check(item, rule["versions"] == nil && rule["appid"] == nil, "a user_agent rule matches text only")
                    matcher = .userAgent(contains: text)
                }
                set.selectors.append(ProfileSelector(matcher: matcher, profile: profile))
            }
        }
        if let fallback = section["default"] {
            let name = try doc.string(fallback)
            try doc.check(fallback, set.profiles[name] != nil, "unknown profile '\(name)'")
            set.defaultProfile = name
        }
        return (set, references)
    }

    private static func change(_ node: Node, doc: YAMLReader) throws -> (ProfileChange, RouteReference) {
        let entry = try doc.mapping(
            node, allowed: ["route", "at", "change", "to", "format", "field", "factor", "values", "hours", "when"],
            required: ["route", "at", "change"])
        let route = try doc.string(entry["route"]!)
        let pathText = try doc.string(entry["at"]!)
        guard let path = ProfilePath(pathText) else { throw doc.error(entry["at"]!, "'\(pathText)' is not a path (keys joined by dots, [] after an array)") }
        let kindText = try doc.string(entry["change"]!)
        func required(_ key: String) throws -> Node {
            guard let value = entry[key] else { throw doc.error(node, "change '\(kindText)' needs '\(key)'") }
            return value
        }
        let allowed: [String: Set<String>] = [
            "drop": [], "rename": ["to"], "string": ["format"], "number": [], "field": ["field"], "magnitude": [], "time": ["format"],
            "scale": ["factor"], "values": ["values"], "after": ["field", "hours"],
        ]
        guard let extras = allowed[kindText] else {
            throw doc.error(entry["change"]!, "unknown change '\(kindText)' (drop, rename, string, number, field, magnitude, time, scale, values, after)")
        }
        for key in ["to", "format", "field", "factor", "values", "hours"] where entry[key] != nil && !extras.contains(key) {
            throw doc.error(entry[key]!, "change '\(kindText)' takes no '\(key)'")
        }
        let kind: ProfileChange.Kind
        switch kindText {
        case "drop": kind = .drop
        case "rename":
            let to = try doc.string(try required("to"))
            try doc.check(entry["to"]!, !to.isEmpty && !to.contains("."), "rename to a sibling key")
            kind = .rename(to: to)
        case "string":
            let format = try doc.string(try required("format"))
            guard format.hasPrefix("%."), format.hasSuffix("f"), let decimals = Int(format.dropFirst(2).dropLast()), (0...6).contains(decimals)
            else { throw doc.error(entry["format"]!, "format '\(format)' is not %.Nf with N 0–6") }
            kind = .string(decimals: decimals)
        case "number": kind = .number
        case "field": kind = .field(try doc.string(try required("field")))
        case "magnitude": kind = .magnitude
        case "scale":
            let factorNode = try required("factor")
            guard let factor = try doc.json(factorNode).doubleValue, factor.isFinite, factor != 0
            else { throw doc.error(factorNode, "factor must be a non-zero number") }
            kind = .scale(factor)
        case "values":
            var names: [String: String] = [:]
            for (from, to) in try doc.mapping(try required("values")) {
                let name = try doc.string(to.node)
                try doc.check(to.node, !from.string.isEmpty && !name.isEmpty, "values maps a state to another name of it")
                names[from.string] = name
            }
            try doc.check(entry["values"]!, !names.isEmpty, "values needs at least one state")
            kind = .values(names)
        case "after":
            let field = try doc.string(try required("field"))
            let hoursNode = try required("hours")
            let hours = try doc.int(hoursNode)
            try doc.check(hoursNode, (0...8760).contains(hours), "hours must be in 0...8760")
            kind = .after(field: field, hours: hours)
        default:
            let format = try doc.string(try required("format"))
            guard let time = ProfileChange.TimeFormat(rawValue: format) else {
                throw doc.error(entry["format"]!, "time format '\(format)' is not one of \(ProfileChange.TimeFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = .time(time)
        }
        var condition: ProfileChange.Condition?
        if let whenNode = entry["when"] {
            let pairs = try doc.mapping(whenNode)
            guard pairs.count == 1, let (key, value) = pairs.first else { throw doc.error(whenNode, "when takes one field: value") }
            condition = ProfileChange.Condition(field: key.string, value: try doc.json(value.node))
        }
        return (
            ProfileChange(route: route, path: path, kind: kind, when: condition),
            RouteReference(route: route, file: doc.file, line: entry["route"]!.mark?.line ?? 0)
        )
    }
}

/// RFC 9110 token characters, as a header name needs.
enum HTTPFieldName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
