import BridgeKit
import HTTPTypes
import V4Contract
import Yams

/// Reads and validates `Mappings/*.yaml`. Anything unknown (a key, a translation, a field type,
/// a shape field, an error name) fails with the file, line and reason.
public struct MappingLoader {
    /// What the code can do, against which the data is checked.
    public struct Vocabulary: Sendable {
        public var translations: Set<String>
        /// View name → the fields it can produce.
        public var views: [String: Set<String>]
        /// Translation name → what it reads from its mapping.
        public var reads: [String: MappingReads]

        public init(translations: Set<String>, views: [String: Set<String>], reads: [String: MappingReads] = [:]) {
            self.translations = translations
            self.views = views
            self.reads = reads
        }
    }

    let vocabulary: Vocabulary

    public init(vocabulary: Vocabulary) { self.vocabulary = vocabulary }

    /// Loads every `.yaml` file of `directory`.
    public func load(directory: String) throws -> MappingSet {
        try load(files: MappingFiles.read(directory: directory))
    }

    /// Loads mapping documents given as (file name, YAML text).
    public func load(files: [(name: String, text: String)]) throws -> MappingSet {
        var set = MappingSet(routes: [], errors: [:], bridgeErrors: [:], fallbackError: LegacyErrorSpec(
            code: 5001, msg: "服务器内部错误", status: 500, origin: "built-in"), shapes: [:])
        var sawFallback = false
        var bridgeFile: String?
        var shapeOrigins: [String: (file: String, line: Int)] = [:]
        var profileFile: String?
        var profileRoutes: [ProfileSet.RouteReference] = []
        var degradationNode: (Node, YAMLReader)?
        for (file, text) in files {
            let root: Node
            do {
                guard let node = try Yams.compose(yaml: text) else { continue }
                root = node
            } catch let error as YamlError {
                throw MappingError(file: file, line: 0, column: 0, reason: "invalid YAML: \(error)")
            }
            let doc = YAMLReader(file: file)
            let top = try doc.mapping(
                root, allowed: ["module", "routes", "shapes", "defaults", "bridge", "fallback", "diff", "migration", "realtime", "profiles", "degradation",
                                "family", "families"])
            if let families = top["families"] {
                for (key, value) in try doc.mapping(families) {
                    try doc.check(key, set.families[key.string] == nil, "family '\(key.string)' defined twice")
                    set.families[key.string] = try family(key.string, value.node, doc: doc)
                }
            }
            let routeFamily = try top["family"].map(doc.string)
            if let profiles = top["profiles"] {
                try doc.check(profiles, profileFile == nil, "a second profiles: section (the first is in \(profileFile ?? ""))")
                (set.profiles, profileRoutes) = try ProfileSet.read(profiles, doc: doc)
                profileFile = file
            }
            if let realtime = top["realtime"] {
                try doc.check(realtime, set.realtime == nil, "a second realtime: section (the first is in \(set.realtime?.file ?? ""))")
                set.realtime = try RealtimeSpec.read(realtime, doc: doc)
            }
            if let defaults = top["defaults"] {
                for (key, value) in try doc.mapping(defaults) {
                    try doc.check(key, V4ErrorCode.isDocumented(key.string), "'\(key.string)' is not a V4 error code (V4ErrorCode)")
                    set.errors[key.string] = try doc.errorSpec(value)
                }
            }
            if let bridge = top["bridge"] {
                bridgeFile = file
                for (key, value) in try doc.mapping(bridge) {
                    try doc.check(key, BridgeFailure(rawValue: key.string) != nil, "unknown bridge failure '\(key.string)'")
                    set.bridgeErrors[key.string] = try doc.errorSpec(value)
                }
            }
            if let fallback = top["fallback"] {
                set.fallbackError = try doc.errorSpec(ValueNode(node: fallback))
                sawFallback = true
            }
            if let shapes = top["shapes"] {
                for (key, value) in try doc.mapping(shapes) {
                    let shape = try doc.mapping(value.node, allowed: ["view", "fields"], required: ["view", "fields"])
                    let view = try doc.string(shape["view"]!)
                    guard let known = vocabulary.views[view] else {
                        throw doc.error(shape["view"]!, "unknown view '\(view)'")
                    }
                    var fields: [String] = []
                    for item in try doc.sequence(shape["fields"]!) {
                        let field = try doc.string(item)
                        try doc.check(item, known.contains(field), "view '\(view)' has no field '\(field)'")
                        fields.append(field)
                    }
                    try doc.check(key, set.shapes[key.string] == nil, "shape '\(key.string)' defined twice")
                    set.shapes[key.string] = fields
                    shapeOrigins[key.string] = (file, key.node.mark?.line ?? 0)
                }
            }
            if let degradation = top["degradation"] {
                degradationNode = (degradation, doc)
            }
            if let routes = top["routes"] {
                for item in try doc.sequence(routes) {
                    var route = try route(item, doc: doc)
                    route.family = routeFamily
                    try doc.check(item, !set.routes.contains { $0.id == route.id }, "route id '\(route.id)' defined twice")
                    set.routes.append(route)
                }
            }
        }
        if !sawFallback && !files.isEmpty && set.errors.isEmpty {
            throw MappingError(file: files[0].name, line: 0, column: 0, reason: "no error mappings (errors.yaml) found")
        }
        try checkPathsUnique(set.routes)
        try checkFamilies(set)
        if let (node, doc) = degradationNode {
            // A family route needs what the /api route of the same translation needs: the entry is
            // shared, unless the table names the family route itself.
            let named = Set(set.routes.filter { $0.family == nil }.map(\.id))
            set.degradation = try DegradationTable.read(node, doc: doc, routeIds: Set(set.routes.map(\.id)), required: named)
            for route in set.routes where route.family != nil && !set.degradation.routes.contains(where: { $0.id == route.id }) {
                let shared = set.routes.first { $0.family == nil && $0.translation == route.translation }
                guard let shared, var entry = set.degradation.routes.first(where: { $0.id == shared.id }) else {
                    throw MappingError(file: route.file, line: route.line, column: 0, reason: "route '\(route.id)' has no degradation entry")
                }
                entry.id = route.id
                entry.cases = []
                set.degradation.routes.append(entry)
            }
        }
        for reference in profileRoutes where set.route(reference.route) == nil {
            throw MappingError(file: reference.file, line: reference.line, column: 0, reason: "profile change names route '\(reference.route)', which no mapping defines")
        }
        for selector in set.profiles.selectors {
            guard case .path(let path) = selector.matcher, !set.routes.contains(where: { $0.paths.contains(path) }) else { continue }
            throw MappingError(file: profileFile ?? "profiles", line: 0, column: 0, reason: "profile rule names path '\(path)', which no route serves")
        }
        try checkReads(set, shapeOrigins: shapeOrigins)
        if let bridgeFile {
            for failure in BridgeFailure.allCases where !failure.isRouteSpecific && set.bridgeErrors[failure.rawValue] == nil {
                throw MappingError(
                    file: bridgeFile, line: 0, column: 0, reason: "bridge failure '\(failure.rawValue)' has no legacy error under 'bridge:'")
            }
        }
        if !set.routes.isEmpty {
            for failure in BridgeFailure.allCases where failure.isRouteSpecific && !set.routes.contains(where: { $0.errors[failure.rawValue] != nil }) {
                throw MappingError(
                    file: bridgeFile ?? "Mappings", line: 0, column: 0, reason: "no route gives a legacy error for bridge failure '\(failure.rawValue)'")
            }
        }
        return set
    }

    /// The Swift ↔ YAML contract, both ways: what each translation reads is in its route's
    /// mapping, and what a mapping gives is read by someone.
    private func checkReads(_ set: MappingSet, shapeOrigins: [String: (file: String, line: Int)]) throws {
        var readShapes: Set<String> = []
        if let realtime = set.realtime {
            // The socket messages are built from these shapes.
            for shape in RealtimeSpec.shapes.sorted() where set.shapes[shape] == nil {
                throw MappingError(file: realtime.file, line: realtime.line, column: 0, reason: "realtime needs shape '\(shape)', which no mapping defines")
            }
            readShapes.formUnion(RealtimeSpec.shapes)
        }
        for route in set.routes {
            guard let reads = vocabulary.reads[route.translation] else { continue }
            func fail(_ reason: String) -> MappingError { MappingError(file: route.file, line: route.line, column: 0, reason: reason) }
            readShapes.formUnion(reads.shapes)
            for shape in reads.shapes.sorted() where set.shapes[shape] == nil {
                throw fail("translation '\(route.translation)' reads shape '\(shape)', which no mapping defines")
            }
            for param in reads.params.sorted() where route.params[param] == nil {
                throw fail("route '\(route.id)' lacks param '\(param)', which translation '\(route.translation)' reads")
            }
            for (param, _) in route.params.entries where !reads.params.contains(param) && !reads.optionalParams.contains(param) {
                throw fail("param '\(param)' of route '\(route.id)' is not read by translation '\(route.translation)'")
            }
            let mapped = Set(route.fields.map(\.name))
            for field in reads.fields.sorted() where !mapped.contains(field) {
                throw fail("route '\(route.id)' lacks field '\(field)', which translation '\(route.translation)' reads")
            }
            for field in route.fields
            where !field.checkOnly && !reads.fields.contains(field.name) && !reads.optionalFields.contains(field.name)
                && !reads.ignoredFields.contains(field.name)
            {
                throw fail("field '\(field.name)' of route '\(route.id)' is not read by translation '\(route.translation)'")
            }
        }
        if !vocabulary.reads.isEmpty {
            for (shape, origin) in shapeOrigins.sorted(by: { $0.key < $1.key }) where !readShapes.contains(shape) {
                throw MappingError(file: origin.file, line: origin.line, column: 0, reason: "shape '\(shape)' is read by no translation")
            }
        }
    }

    /// A `families:` entry: prefix, envelope, string ids and the family's own error table.
    private func family(_ name: String, _ node: Node, doc: YAMLReader) throws -> FamilySpec {
        let map = try doc.mapping(
            node, allowed: ["prefix", "envelope", "ids", "defaults", "bridge", "fallback", "solutions"],
            required: ["prefix", "envelope", "defaults", "bridge", "fallback"])
        let prefix = try doc.string(map["prefix"]!)
        try doc.check(map["prefix"]!, prefix.hasPrefix("/api/") && !prefix.hasSuffix("/") && !prefix.hasPrefix("/api/v4"), "a family prefix is /api/<name>")
        guard let envelope = FamilySpec.Envelope(rawValue: try doc.string(map["envelope"]!)) else {
            throw doc.error(map["envelope"]!, "envelope is e1 or e2")
        }
        var family = FamilySpec(name: name, prefix: prefix, envelope: envelope, fallbackError: try doc.errorSpec(ValueNode(node: map["fallback"]!)))
        family.file = doc.file
        for (key, value) in try map["ids"].map(doc.mapping) ?? [] { family.idPrefixes[key.string] = try doc.string(value.node) }
        for (key, value) in try doc.mapping(map["defaults"]!) {
            try doc.check(key, V4ErrorCode.isDocumented(key.string), "'\(key.string)' is not a V4 error code (V4ErrorCode)")
            family.errors[key.string] = try doc.errorSpec(value)
        }
        for (key, value) in try doc.mapping(map["bridge"]!) {
            try doc.check(key, BridgeFailure(rawValue: key.string) != nil, "unknown bridge failure '\(key.string)'")
            family.bridgeErrors[key.string] = try doc.errorSpec(value)
        }
        for failure in BridgeFailure.allCases where !failure.isRouteSpecific && family.bridgeErrors[failure.rawValue] == nil {
            throw doc.error(map["bridge"]!, "family '\(name)' gives no legacy error for bridge failure '\(failure.rawValue)'")
        }
        for (key, value) in try map["solutions"].map(doc.mapping) ?? [] {
            guard let code = Int(key.string) else { throw doc.error(key.node, "solutions are keyed by legacy code") }
            family.solutions[code] = try doc.string(value.node)
        }
        return family
    }

    /// Every family route names a defined family and lives under its prefix; no other route does.
    private func checkFamilies(_ set: MappingSet) throws {
        for route in set.routes {
            let fail = { (reason: String) in MappingError(file: route.file, line: route.line, column: 0, reason: reason) }
            if let name = route.family {
                guard let family = set.families[name] else { throw fail("route '\(route.id)' names family '\(name)', which no families: section defines") }
                for path in route.paths where !path.hasPrefix(family.prefix + "/") {
                    throw fail("path '\(path)' of family \(name) must start with \(family.prefix)/")
                }
            } else {
                guard route.reshape == nil else { throw fail("route '\(route.id)': reshape is for a family's routes") }
                for family in set.families.values {
                    for path in route.paths where path.hasPrefix(family.prefix + "/") {
                        throw fail("path '\(path)' is under family \(family.name)'s prefix: put the route in a file with family: \(family.name)")
                    }
                }
            }
        }
    }

    private func route(_ node: Node, doc: YAMLReader) throws -> RouteSpec {
        let map = try doc.mapping(
            node, allowed: ["id", "method", "paths", "auth", "translation", "message", "fields", "errors", "params", "note", "body_limit", "replay",
                            "reshape", "captcha", "shadow"],
            required: ["id", "method", "paths", "auth", "translation", "message"])
        let id = try doc.string(map["id"]!)
        let methodText = try doc.string(map["method"]!)
        guard let method = HTTPRequest.Method(methodText), ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(methodText) else {
            throw doc.error(map["method"]!, "unknown method '\(methodText)'")
        }
        var paths: [String] = []
        for item in try doc.sequence(map["paths"]!) {
            let path = try doc.string(item)
            try doc.check(item, path.hasPrefix("/") && !path.hasPrefix("/api/v4"), "path '\(path)' must start with / and not be a V4 path")
            paths.append(path)
        }
        try doc.check(map["paths"]!, !paths.isEmpty, "a route needs at least one path")
        let authText = try doc.string(map["auth"]!)
        guard let auth = RouteAuth(rawValue: authText) else {
            throw doc.error(map["auth"]!, "unknown auth '\(authText)' (expected one of \(RouteAuth.allCases.map(\.rawValue)))")
        }
        let translation = try doc.string(map["translation"]!)
        try doc.check(map["translation"]!, vocabulary.translations.contains(translation), "unknown translation '\(translation)'")
        var fields: [FieldSpec] = []
        if let fieldsNode = map["fields"] {
            for (key, value) in try doc.mapping(fieldsNode) {
                fields.append(try field(name: key.string, value.node, doc: doc))
            }
        }
        var errors: [String: LegacyErrorSpec] = [:]
        if let errorsNode = map["errors"] {
            for (key, value) in try doc.mapping(errorsNode) {
                try doc.check(
                    key, V4ErrorCode.isDocumented(key.string) || BridgeFailure(rawValue: key.string) != nil,
                    "'\(key.string)' is neither a V4 error code nor a bridge failure")
                errors[key.string] = try doc.errorSpec(value)
            }
        }
        var params = JSONObject()
        if let paramsNode = map["params"] {
            for (key, value) in try doc.mapping(paramsNode) { params[key.string] = try doc.json(value.node) }
        }
        var spec = RouteSpec(
            id: id, method: method, paths: paths, auth: auth, translation: translation, message: try doc.string(map["message"]!),
            fields: fields, errors: errors, params: params, file: doc.file, line: node.mark?.line ?? 0)
        if let limit = map["body_limit"] {
            spec.bodyLimit = try doc.int(limit)
            try doc.check(limit, (1024...(64 * 1024 * 1024)).contains(spec.bodyLimit), "body_limit must be 1 KiB…64 MiB")
        }
        if let reshape = map["reshape"] {
            spec.reshape = try Reshape.read(reshape, doc: doc)
        }
        if let captcha = map["captcha"] {
            let names = try doc.mapping(captcha, allowed: ["answer", "id"], required: ["answer", "id"])
            let answer = try doc.string(names["answer"]!), id = try doc.string(names["id"]!)
            for name in [answer, id] {
                try doc.check(captcha, fields.contains { $0.name == name }, "captcha field '\(name)' is not one of the route's fields")
            }
            spec.captcha = (answer, id)
        }
        if let shadow = map["shadow"] {
            let fields = try doc.mapping(shadow, allowed: ["percent", "writes"])
            var spec_ = ShadowRouteSpec()
            if let percent = fields["percent"] {
                spec_.percent = try doc.int(percent)
                try doc.check(percent, (0...100).contains(spec_.percent!), "shadow percent must be 0…100")
            }
            if let writes = fields["writes"] {
                let text = try doc.string(writes)
                try doc.check(writes, text == "true" || text == "false", "shadow writes must be true or false")
                spec_.writes = text == "true"
                try doc.check(writes, !spec_.writes || method != .get, "shadow writes is for a write, not GET")
            }
            spec.shadow = spec_
        }
        if let replay = map["replay"] {
            let text = try doc.string(replay)
            try doc.check(replay, text == "true" || text == "false", "replay must be true or false")
            spec.replays = text == "true"
            try doc.check(replay, !spec.replays || method != .get, "replay is for writes, not GET")
        }
        if fields.contains(where: { $0.type == .file }) {
            try doc.check(map["method"]!, method == .post || method == .put, "file fields need POST or PUT")
        }
        return spec
    }

    private func field(name: String, _ node: Node, doc: YAMLReader) throws -> FieldSpec {
        let map = try doc.mapping(
            node, allowed: ["from", "type", "required", "max_length", "default", "values", "min", "max", "clamp", "error", "strip_prefix", "staged", "check_only"],
            required: ["type"])
        let typeText = try doc.string(map["type"]!)
        guard let type = FieldSpec.FieldType(rawValue: typeText) else {
            throw doc.error(map["type"]!, "unknown field type '\(typeText)'")
        }
        var aliases = [name]
        if let from = map["from"] { aliases = try doc.sequence(from).map { try doc.string($0) } }
        var values: [String: JSONValue]?
        if let valuesNode = map["values"] {
            var table: [String: JSONValue] = [:]
            for (key, value) in try doc.mapping(valuesNode) { table[key.string] = try doc.json(value.node) }
            try doc.check(valuesNode, !table.isEmpty, "values must not be empty")
            values = table
        }
        let min = try map["min"].map { Int64(try doc.int($0)) }
        let max = try map["max"].map { Int64(try doc.int($0)) }
        if min != nil || max != nil {
            try doc.check(map["type"]!, type == .integer, "min/max need type integer")
        }
        if let min, let max { try doc.check(map["max"]!, min <= max, "max \(max) is below min \(min)") }
        var spec = FieldSpec(
            name: name, aliases: aliases, type: type, required: try map["required"].map { try doc.bool($0) } ?? false,
            maxLength: try map["max_length"].map { try doc.int($0) }, defaultValue: try map["default"].map { try doc.json($0) },
            values: values, min: min, max: max, clamp: try map["clamp"].map { try doc.bool($0) } ?? false,
            error: try map["error"].map { try doc.errorSpec(.init(node: $0)) })
        spec.stripPrefix = try map["strip_prefix"].map(doc.string)
        spec.staged = try map["staged"].map(doc.bool) ?? false
        spec.checkOnly = try map["check_only"].map(doc.bool) ?? false
        if spec.staged { try doc.check(map["staged"]!, type == .file, "staged is for file fields") }
        return spec
    }

    private func checkPathsUnique(_ routes: [RouteSpec]) throws {
        var seen: [String: String] = [:]
        for route in routes {
            for path in route.paths {
                let key = "\(route.method.rawValue) \(path)"
                if let other = seen[key] {
                    throw MappingError(
                        file: route.file, line: route.line, column: 0,
                        reason: "\(key) is mapped by both '\(other)' and '\(route.id)'")
                }
                seen[key] = route.id
            }
        }
    }

}

extension YAMLReader {
    func errorSpec(_ value: ValueNode) throws -> LegacyErrorSpec {
        let map = try mapping(value.node, allowed: ["code", "msg", "status", "data"], required: ["code", "msg"])
        let code = try int(map["code"]!)
        let status = try map["status"].map { try int($0) } ?? 400
        try check(map["code"]!, code > 0 && code < 100_000, "legacy code \(code) out of range")
        try check(map["status"] ?? value.node, (200...599).contains(status), "HTTP status \(status) out of range")
        let data = try map["data"].map { node in
            try mapping(node).map { key, from in LegacyErrorSpec.DataField(key: key.string, from: try string(from.node)) }
        } ?? []
        return LegacyErrorSpec(code: code, msg: try string(map["msg"]!), status: status, origin: origin(value.node), data: data)
    }
}
