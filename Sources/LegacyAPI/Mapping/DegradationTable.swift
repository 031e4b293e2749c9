import BridgeKit
import V4Contract
import Yams

/// `Mappings/degradation.yaml`: what each legacy route needs from a V4 deployment, which
/// extension endpoints it prefers, and every V4 key the bridge reads that seed 003 does not
/// promise. Checked both ways at load: every route has an entry and every entry a route, every
/// endpoint id is one of `V4API.all`.
public struct DegradationTable: Sendable {
    public struct Route: Sendable {
        public var id: String
        public var needs: [String]
        public var prefers: [String]
        public var without: String?
        /// Golden cases (by name) whose answer differs in front of 003 for a reason `without`
        /// gives: a state 003 keeps differently (a refresh token that outlives logout).
        public var cases: [String] = []
    }

    public var routes: [Route] = []
    /// `Type.key` → what the legacy answer shows without it.
    public var keys: [String: String] = [:]

    /// Every endpoint some route needs or prefers: what the probe asks about.
    public var probed: Set<String> { Set(routes.flatMap { $0.needs + $0.prefers }) }

    /// A route's rating in front of a deployment lacking `absent` (or unreachable altogether).
    func rate(_ route: Route, absent: Set<String>, unreachable: Bool) -> UpstreamProbe.RouteResult {
        if unreachable { return .init(route: route.id, rating: "unavailable", detail: "the upstream does not answer") }
        let missing = route.needs.filter { absent.contains($0) }
        if !missing.isEmpty {
            return .init(route: route.id, rating: "unavailable", detail: "lacks \(missing.joined(separator: ", ")) → 1001 功能暂不可用" + (route.without.map { "; \($0)" } ?? ""))
        }
        let unpreferred = route.prefers.filter { absent.contains($0) }
        if !unpreferred.isEmpty {
            return .init(route: route.id, rating: "degraded", detail: "lacks \(unpreferred.joined(separator: ", ")): \(route.without ?? "composed from documented endpoints")")
        }
        return .init(route: route.id, rating: "full", detail: "")
    }

    /// `required`: the routes that must have an entry (default: all of `routeIds`).
    static func read(_ node: Node, doc: YAMLReader, routeIds: Set<String>, required: Set<String>? = nil) throws -> DegradationTable {
        var table = DegradationTable()
        let top = try doc.mapping(node, allowed: ["routes", "keys"], required: ["routes", "keys"])
        let endpoints = Set((V4API.all + V4API.Upstream.all).map(\.id))
        for (key, value) in try doc.mapping(top["routes"]!) {
            try doc.check(key, routeIds.contains(key.string), "degradation names route '\(key.string)', which no mapping defines")
            let entry = try doc.mapping(value.node, allowed: ["needs", "prefers", "without", "cases"], required: ["needs"])
            func ids(_ name: String) throws -> [String] {
                guard let list = entry[name] else { return [] }
                return try doc.sequence(list).map { item in
                    let id = try doc.string(item)
                    try doc.check(item, endpoints.contains(id), "unknown V4 endpoint '\(id)'")
                    return id
                }
            }
            var route = Route(id: key.string, needs: try ids("needs"), prefers: try ids("prefers"), without: try entry["without"].map(doc.string))
            route.cases = try entry["cases"].map { try doc.sequence($0).map(doc.string) } ?? []
            try doc.check(value.node, route.cases.isEmpty || route.without != nil, "cases need a 'without' that says why")
            table.routes.append(route)
        }
        for id in (required ?? routeIds).sorted() where !table.routes.contains(where: { $0.id == id }) {
            throw doc.error(top["routes"]!, "route '\(id)' has no degradation entry")
        }
        for (key, value) in try doc.mapping(top["keys"]!) {
            table.keys[key.string] = try doc.string(value.node)
        }
        return table
    }
}
