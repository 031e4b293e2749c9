import BridgeKit
import ServerKit
import V4Contract

/// How an embedded V4 core runs.
public struct CoreConfiguration: Sendable {
    public enum Mode: String, Sendable {
        /// Real deployments: SMS codes only.
        case production
        /// Demo and development: the universal code 123456 and quick-login are accepted.
        case development
    }

    public var dataDirectory: String
    public var mode: Mode
    /// Seconds. Both legacy docs promise `expires_in: 7200`.
    public var accessTokenTTL: Int
    /// Seconds. V4 [B]: refresh tokens live 7 days.
    public var refreshTokenTTL: Int
    /// Points granted to a user created by login (legacy: 1000).
    public var registrationBonus: Int
    /// Overrides the secret from the environment or the data directory (tests).
    public var jwtSecret: String?
    public var clock: @Sendable () -> Date
    /// Prefix of stored files' URLs (`https://files.example.com`); empty: `/files/…` on this server.
    public var publicBaseURL: String = ""
    /// bcrypt work factor for admin passwords set by this server (verification reads the factor
    /// from the stored hash, so changing it never locks anyone out). Tests lower it to 4.
    public var adminPasswordCost: UInt8 = AdminAccounts.bcryptCost
    /// Receipts one user may upload per Beijing day (0: no limit). Not documented; a diner has a
    /// few receipts a day, so 20 keeps honest use free and a script's flood small.
    public var uploadsPerDay = 20
    /// Failed logins an account may have before it is locked for a while (admin password, SMS code).
    public var loginAttempts = AttemptThrottle.Policy.login
    /// Requests per client address for the endpoints that name a kind (`V4Endpoint.addressLimit`).
    public var addressLimits = AddressLimit.defaults
    /// Peers whose `X-Forwarded-For` names the client (nginx, or a bridge in HTTP mode).
    public var trustedProxies = TrustedProxies.none

    public init(
        dataDirectory: String, mode: Mode = .production, accessTokenTTL: Int = 7200,
        refreshTokenTTL: Int = 7 * 86400, registrationBonus: Int = 1000, jwtSecret: String? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.dataDirectory = dataDirectory
        self.mode = mode
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.registrationBonus = registrationBonus
        self.jwtSecret = jwtSecret
        self.clock = clock
    }
}
