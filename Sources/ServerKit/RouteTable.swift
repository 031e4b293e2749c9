import HTTPTypes

/// Every path template the server serves with its methods, so a request for a known path with
/// the wrong method is answered 405 with `Allow` instead of the router's 404.
public struct RouteTable: Sendable {
    struct Template: Sendable {
        let segments: [Substring]
        let methods: Set<String>
    }

    private var templates: [String: Set<String>] = [:]
    private var compiled: [Template] = []

    public init() {}

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
            if segment.hasPrefix(":") || segment == "*" { continue }
            if segment != parts[index] { return false }
        }
        return template.count == parts.count
    }
}
