import HTTPTypes
import Hummingbird
import Synchronization

/// Every path template the server serves with its methods, so a request for a known path with
/// the wrong method is answered 405 with `Allow` instead of the router's 404. It is read from
/// the router's own list (`Router.routes`): Hummingbird lists its routes but answers 404 for a
/// known path with another method, and names no `Allow`.
public struct RouteTable: Sendable {
    struct Template: Sendable {
        let segments: [Substring]
        let methods: Set<String>
    }

    private var templates: [String: Set<String>] = [:]
    private var compiled: [Template] = []

    public init() {}

    /// The routes `router` has now.
    public init<Context>(_ router: Router<Context>) {
        for route in router.routes { add(route.path.description, route.method) }
    }

    /// `path` as the router spells it (`/api/photo/:id`, `/files/**`).
    public mutating func add(_ path: String, _ method: HTTPRequest.Method) {
        templates[path, default: []].insert(method.rawValue)
        compiled = templates.map { Template(segments: $0.key.split(separator: "/"), methods: $0.value) }
    }

    /// The methods served at `path` (empty: an unknown path), sorted.
    public func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        var found: Set<String> = []
        for template in compiled where Self.matches(template.segments, parts) { found.formUnion(template.methods) }
        return found.sorted()
    }

    static func matches(_ template: [Substring], _ parts: [Substring]) -> Bool {
        for (index, segment) in template.enumerated() {
            if segment == "**" { return parts.count > index }
            guard index < parts.count else { return false }
            if segment.hasPrefix(":") || segment.hasPrefix("{") || segment == "*" { continue }
            if segment != parts[index] { return false }
        }
        return template.count == parts.count
    }
}

/// A route table filled once the router has all its routes, read by a middleware installed
/// before them.
public final class SharedRouteTable: Sendable {
    private let table = Mutex(RouteTable())

    public init() {}

    /// Takes the routes `router` has now; call after the last route is added.
    public func load<Context>(from router: Router<Context>) {
        let routes = RouteTable(router)
        table.withLock { $0 = routes }
    }

    public func methods(for path: String) -> [String] {
        table.withLock { $0.methods(for: path) }
    }
}
