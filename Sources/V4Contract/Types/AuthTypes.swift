/// V4 auth payloads ([B] shapes, with [A]'s `token`/`token_type` kept for [A] clients).
/// The core encodes them; the bridge's V4 client decodes the same types from either transport.
public struct V4Role: Codable, Sendable, Equatable {
    public var roleUUID: String
    public var roleName: String
    public var roleLevel: Int

    enum CodingKeys: String, CodingKey {
        case roleUUID = "role_uuid", roleName = "role_name", roleLevel = "role_level"
    }

    public init(roleUUID: String, roleName: String, roleLevel: Int) {
        self.roleUUID = roleUUID
        self.roleName = roleName
        self.roleLevel = roleLevel
    }
}

public struct V4User: Codable, Sendable, Equatable {
    public var userId: Int64
    public var mobile: String
    public var nickname: String?
    /// Extension: V4 has no avatar column; the legacy API needs one.
    public var avatar: String?
    public var roleBasedAdmin: Bool
    public var roles: [V4Role]
    public var status: String
    public var createdAt: String?
    public var lastLogin: String?
    public var loginCount: Int?
    public var historyTotalPoints: Int?
    public var consecutiveFailCount: Int?

    enum CodingKeys: String, CodingKey {
        case userId = "user_id", mobile, nickname, avatar, roles, status
        case roleBasedAdmin = "role_based_admin", createdAt = "created_at", lastLogin = "last_login"
        case loginCount = "login_count", historyTotalPoints = "history_total_points"
        case consecutiveFailCount = "consecutive_fail_count"
    }

    public var isMerchant: Bool { roles.contains { $0.roleName == RoleName.merchant } }

    public init(userId: Int64, mobile: String, nickname: String? = nil, avatar: String? = nil, roleBasedAdmin: Bool, roles: [V4Role], status: String, createdAt: String? = nil, lastLogin: String? = nil, loginCount: Int? = nil, historyTotalPoints: Int? = nil, consecutiveFailCount: Int? = nil) {
        self.userId = userId
        self.mobile = mobile
        self.nickname = nickname
        self.avatar = avatar
        self.roleBasedAdmin = roleBasedAdmin
        self.roles = roles
        self.status = status
        self.createdAt = createdAt
        self.lastLogin = lastLogin
        self.loginCount = loginCount
        self.historyTotalPoints = historyTotalPoints
        self.consecutiveFailCount = consecutiveFailCount
    }
}

public struct V4TokenGrant: Codable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    public var expiresIn: Int
    public var tokenType: String
    public var user: V4User
    /// [A] name of the access token.
    public var token: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", refreshToken = "refresh_token", expiresIn = "expires_in"
        case tokenType = "token_type", user, token
    }

    public init(accessToken: String, refreshToken: String, expiresIn: Int, tokenType: String, user: V4User, token: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.tokenType = tokenType
        self.user = user
        self.token = token
    }
}

/// Extension: the legacy hidden admin login (username + password).
public struct V4AdminGrant: Codable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    public var expiresIn: Int
    public var user: V4User
    public var admin: Admin

    public struct Admin: Codable, Sendable, Equatable {
        public var username: String
        public var roleLevel: Int
        enum CodingKeys: String, CodingKey { case username, roleLevel = "role_level" }

        public init(username: String, roleLevel: Int) {
            self.username = username
            self.roleLevel = roleLevel
        }
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", refreshToken = "refresh_token", expiresIn = "expires_in", user, admin
    }

    public init(accessToken: String, refreshToken: String, expiresIn: Int, user: V4User, admin: Admin) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.user = user
        self.admin = admin
    }
}

public struct V4Verification: Codable, Sendable, Equatable {
    public var valid: Bool
    public var user: V4User
    public var tokenExpiresAt: String

    enum CodingKeys: String, CodingKey { case valid, user, tokenExpiresAt = "token_expires_at" }

    public init(valid: Bool, user: V4User, tokenExpiresAt: String) {
        self.valid = valid
        self.user = user
        self.tokenExpiresAt = tokenExpiresAt
    }
}

public struct V4Profile: Codable, Sendable, Equatable {
    public var user: V4User

    public init(user: V4User) {
        self.user = user
    }
}

public struct V4Logout: Codable, Sendable, Equatable {
    public var loggedOutAt: String
    enum CodingKeys: String, CodingKey { case loggedOutAt = "logged_out_at" }

    public init(loggedOutAt: String) {
        self.loggedOutAt = loggedOutAt
    }
}

/// Extension: what `send-code` reports (the code itself is never returned).
public struct V4CodeSent: Codable, Sendable, Equatable {
    public var expire: Int
    public var canResend: Int
    enum CodingKeys: String, CodingKey { case expire, canResend = "can_resend" }

    public init(expire: Int, canResend: Int) {
        self.expire = expire
        self.canResend = canResend
    }
}
