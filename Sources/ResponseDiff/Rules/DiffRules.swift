/// The comparison rules for one scope (everything, or one endpoint).
public struct RuleSet: Sendable {
    public var ignore: [PathPattern] = []
    public var unordered: [(pattern: PathPattern, key: String?)] = []
    public var matchers: [(pattern: PathPattern, matcher: ValueMatcher)] = []

    public init() {}
}

/// The differ's rules from `Mappings/`: global rules, per-endpoint rules, and the endpoint patterns
/// requests are grouped by (every mapped legacy route plus those named under `diff: endpoints:`).
public struct DiffRules: Sendable {
    public var global = RuleSet()
    public var endpoints: [(pattern: EndpointPattern, rules: RuleSet)] = []
    public var groups: [EndpointPattern] = []

    public init() {}

    /// The endpoint a request belongs to: the most specific matching pattern, else its literal path.
    public func endpoint(method: String, path: String) -> String {
        let candidates = (groups + endpoints.map(\.pattern)).filter { $0.matches(method: method, path: path) }
        if let best = candidates.min(by: { $0.parameterCount < $1.parameterCount }) { return best.description }
        let pathOnly = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return method.uppercased() + " " + pathOnly
    }

    /// Global rules followed by the endpoint's own (endpoint rules are checked first).
    public func options(forEndpoint endpoint: String, primaryIsRecording: Bool = false) -> DiffOptions {
        var options = DiffOptions()
        options.primaryIsRecording = primaryIsRecording
        let own = endpoints.filter { $0.pattern.description == endpoint }.map(\.rules)
        for rules in own + [global] {
            options.ignore += rules.ignore
            options.unordered += rules.unordered
            options.matchers += rules.matchers
        }
        return options
    }
}
