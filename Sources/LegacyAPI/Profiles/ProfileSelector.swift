import HTTPTypes

/// One selection rule of `Mappings/profiles.yaml`: which requests get which profile. Rules are
/// tried in order; the first that matches wins; anything unreadable in a request (a malformed
/// header or Referer) simply does not match, so the request falls through to the default.
public struct ProfileSelector: Sendable, Equatable {
    public enum Matcher: Sendable, Equatable {
        /// A header carrying a client version (`X-Client-Version: 1.0.0`, D1-A's request wrapper),
        /// in `versions`.
        case header(name: String, versions: ClientVersion.Range)
        /// The WeChat mini-program Referer `https://servicewechat.com/<appid>/<version>/page-frame.html`:
        /// the appid (if given) and the version (if a range is given).
        case miniProgram(appid: String?, versions: ClientVersion.Range?)
        /// A User-Agent containing this text.
        case userAgent(contains: String)
        /// A request on `route` (any route when nil) that sends every one of `keys`, spelled as
        /// only one build spells them (D0's login `mobile` + `verification_code`).
        case sends(route: String?, keys: [String])
        /// A request for this path template: the alias of a route only one build calls
        /// (D0's `/api/user/points-records`).
        case path(String)

        /// Whether the rule reads what the build itself does in this request (its spellings, its
        /// paths) rather than a header any build may send: such a match is remembered for the
        /// caller's tokens (`BuildMemory`).
        var isMarker: Bool {
            switch self {
            case .sends, .path: true
            case .header, .miniProgram, .userAgent: false
            }
        }
    }

    public var matcher: Matcher
    public var profile: String

    func matches(_ headers: HTTPFields) -> Bool { matches(ProfileRequest(headers: headers)) }

    func matches(_ request: ProfileRequest) -> Bool {
        let headers = request.headers
        switch matcher {
        case .sends(let route, let keys):
            if let route, route != request.route { return false }
            return keys.allSatisfy(request.sentKeys.contains)
        case .path(let template):
            return request.path == template
        case .header(let name, let versions):
            guard let field = HTTPField.Name(name), let value = headers[field], value.utf8.count <= 64,
                let version = ClientVersion(value.trimmingSpaces)
            else { return false }
            return versions.contains(version)
        case .miniProgram(let appid, let versions):
            guard let referer = headers[.referer], let page = Self.miniProgramPage(referer) else { return false }
            if let appid, page.appid != appid { return false }
            if let versions {
                guard let version = ClientVersion(page.version) else { return false }
                return versions.contains(version)
            }
            return true
        case .userAgent(let text):
            guard let agent = headers[.userAgent], agent.utf8.count <= 1024 else { return false }
            return agent.contains(text)
        }
    }

    /// `(appid, version)` of a mini-program page-frame Referer, nil for anything else.
    static func miniProgramPage(_ referer: String) -> (appid: String, version: String)? {
        let prefix = "https://servicewechat.com/"
        guard referer.utf8.count <= 256, referer.hasPrefix(prefix) else { return nil }
        let parts = referer.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "page-frame.html", !parts[0].isEmpty, !parts[1].isEmpty,
            parts[0].utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) })
        else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}

extension String {
    var trimmingSpaces: Substring {
        let trimmed = drop { $0 == " " || $0 == "\t" }
        return trimmed.prefix(trimmed.count - (trimmed.reversed().prefix { $0 == " " || $0 == "\t" }.count))
    }
}
