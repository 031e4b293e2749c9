import HTTPTypes

/// Every profile Mappings define, the selection rules and the default (`union` unless
/// `profiles.yaml` or `serve --profile` says otherwise).
public struct ProfileSet: Sendable, Equatable {
    public var profiles: [String: ClientProfile] = ["union": .union]
    public var selectors: [ProfileSelector] = []
    public var defaultProfile = "union"

    public init() {}

    /// The profile a request gets: the one it names in `X-Legacy-Profile` (the differ's and an
    /// operator's override; an unknown name is ignored), else the first matching rule's, else
    /// the default.
    public func select(_ headers: HTTPFields) -> ClientProfile {
        if let named = headers[HTTPField.Name.legacyProfile], let profile = profiles[named] { return profile }
        let name = selectors.first { $0.matches(headers) }?.profile ?? defaultProfile
        return profiles[name] ?? .union
    }

    /// The set with another default; nil when no profile has that name.
    public func withDefault(_ name: String) -> ProfileSet? {
        guard profiles[name] != nil else { return nil }
        var copy = self
        copy.defaultProfile = name
        return copy
    }
}
