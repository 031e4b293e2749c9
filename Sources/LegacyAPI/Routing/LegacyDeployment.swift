import ServerKit

/// What a deployment configures for the legacy API beyond Mappings: secrets, which never live in
/// the mapping files, and the network in front of it. From the environment and the command line
/// (`serve`), or set by tests.
public struct LegacyDeployment: Sendable {
    /// D1-B's `admin_key` (管理员密钥): when set, an admin login must send it (`LEGACY_BRIDGE_ADMIN_KEY`).
    public var adminKey: String?
    /// Proxies (nginx) whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    public var trustedProxies: TrustedProxies
    /// When set, `/metrics` answers only `Authorization: Bearer <token>`; unset, only clients on
    /// this machine (`LEGACY_BRIDGE_METRICS_TOKEN`).
    public var metricsToken: String?
    /// The scheme, host and port clients reach this server at (`https://api.example.com`): the
    /// start of every file URL the legacy API answers (`serve --public-url`). Unset: the
    /// request's `Host`, with `https` when a trusted proxy says `X-Forwarded-Proto: https`.
    public var publicBaseURL: String?
    /// An admin session on a real V4 (`--core-admin`), for the admin-only calls the bridge makes
    /// on a legacy caller's behalf (granting a campaign's role).
    public var coreAdmin: ServiceSession?
    /// Whether a user V4 refuses a draw for lacking the campaign's role is granted it through
    /// `coreAdmin` and the draw retried once (`--no-grant-campaign-role` turns it off).
    public var grantsCampaignRole = true
    /// In front of a V4 whose review credits a flat award (003: 20), post the difference to the
    /// legacy rule's points (amount × 10) through `coreAdmin`'s `points/admin/adjust`, once per
    /// receipt (`serve --legacy-review-points`; off by default: V4's rule decides).
    public var topsUpLegacyReviewPoints = false
    /// D1-V1's image captchas (`/api/v1/auth/captcha`, checked by the family's admin login).
    public var captchas = CaptchaStore()

    public init(adminKey: String? = nil, trustedProxies: TrustedProxies = .none, metricsToken: String? = nil, publicBaseURL: String? = nil) {
        self.adminKey = adminKey.flatMap { $0.isEmpty ? nil : $0 }
        self.trustedProxies = trustedProxies
        self.metricsToken = metricsToken.flatMap { $0.isEmpty ? nil : $0 }
        self.publicBaseURL = publicBaseURL.flatMap { $0.isEmpty ? nil : ($0.hasSuffix("/") ? String($0.dropLast()) : $0) }
    }

    /// Equal secrets, compared in time that does not depend on where they differ (only on the
    /// longer length).
    static func sameSecret(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for i in 0..<max(a.count, b.count) { difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
        return difference == 0
    }
}
