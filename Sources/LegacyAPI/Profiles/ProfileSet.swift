import HTTPTypes

/// Every profile Mappings define, the selection rules and the default (`union` unless
/// `profiles.yaml` or `serve --profile` says otherwise).
public struct ProfileSet: Sendable, Equatable {
    public var profiles: [String: ClientProfile] = ["union": .union]
    public var selectors: [ProfileSelector] = []
    public var defaultProfile = "union"

    public init() {}

    /// The profile a request gets from its headers alone.
    public func select(_ headers: HTTPFields) -> ClientProfile { select(ProfileRequest(headers: headers), remembered: nil).profile }

    /// The profile a request gets, in this order: the one it names in `X-Legacy-Profile` (the
    /// differ's and an operator's override; an unknown name is ignored); the first rule matching
    /// what the build does in this request (a spelling, a path: `isMarker`); the profile
    /// remembered for its token from such a request before; the first other matching rule
    /// (headers); the default. `marked` says the first marker rule decided.
    public func select(_ request: ProfileRequest, remembered: String?) -> (profile: ClientProfile, marked: Bool) {
        if let named = request.headers[HTTPField.Name.legacyProfile], let profile = profiles[named] { return (profile, false) }
        if let rule = selectors.first(where: { $0.matcher.isMarker && $0.matches(request) }), let profile = profiles[rule.profile] {
            return (profile, true)
        }
        if let remembered, let profile = profiles[remembered] { return (profile, false) }
        let name = selectors.first { !$0.matcher.isMarker && $0.matches(request) }?.profile ?? defaultProfile
        return (profiles[name] ?? .union, false)
    }

    /// The set with another default; nil when no profile has that name.
    public func withDefault(_ name: String) -> ProfileSet? {
        guard profiles[name] != nil else { return nil }
        var copy = self
        copy.defaultProfile = name
        return copy
    }
}

/// What profile selection reads of a request.
public struct ProfileRequest: Sendable {
    public var headers: HTTPFields
    /// The path template the router matched (`/api/user/points-records`).
    public var path: String = ""
    public var route: String = ""
    /// The query and body keys the client sent, as spelled.
    public var sentKeys: Set<String> = []

    public init(headers: HTTPFields, path: String = "", route: String = "", sentKeys: Set<String> = []) {
        self.headers = headers
        self.path = path
        self.route = route
        self.sentKeys = sentKeys
    }
}
