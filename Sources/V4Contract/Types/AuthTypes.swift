import BridgeKit

/// V4 auth payloads ([B] shapes, with [A]'s `token`/`token_type` kept for [A] clients).
/// The core encodes them; the bridge's V4 client decodes the same types from either transport.
@PublicInit
public struct V4Role: Codable, Sendable, Equatable {
    public var roleUUID: String
    public var roleName: String
    public var roleLevel: Int

    enum CodingKeys: String, CodingKey {
        case roleUUID = "role_uuid", roleName = "role_name", roleLevel = "role_level"
    }

    /// 003's flow example (L367-381) leaves out `role_level`; its role table gives `user` 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roleName = try c.decode(String.self, forKey: .roleName)
        roleUUID = try c.lenient(String.self, .roleUUID, of: "V4Role", "")
        roleLevel = try c.lenient(Int.self, .roleLevel, of: "V4Role", roleName == RoleName.admin ? 100 : 0)
    }
}

@PublicInit
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

    /// [A]'s names too (`id`, `is_admin`).
    enum AKeys: String, CodingKey { case id, isAdmin = "is_admin" }

    /// 003 promises `user_id`, `mobile`, `role_based_admin`, `roles` (L1215-1226, L1411-1418);
    /// the rest are read when present. A user V4 let log in or answer is active.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let a = try decoder.container(keyedBy: AKeys.self)
        if let id = try c.decodeIfPresent(Int64.self, forKey: .userId) {
            userId = id
        } else {
            userId = try a.decode(Int64.self, forKey: .id)
        }
        mobile = try c.decode(String.self, forKey: .mobile)
        if let admin = try c.decodeIfPresent(Bool.self, forKey: .roleBasedAdmin) {
            roleBasedAdmin = admin
        } else {
            roleBasedAdmin = try a.decode(Bool.self, forKey: .isAdmin)
        }
        roles = try c.lenient([V4Role].self, .roles, of: "V4User", roleBasedAdmin ? [V4Role(roleUUID: "", roleName: RoleName.admin, roleLevel: 100)] : [])
        status = try c.lenient(String.self, .status, of: "V4User", "active")
        nickname = try c.optional(String.self, .nickname, of: "V4User")
        avatar = try c.optional(String.self, .avatar, of: "V4User")
        createdAt = try c.optional(String.self, .createdAt, of: "V4User")
        lastLogin = try c.decodeIfPresent(String.self, forKey: .lastLogin)
        loginCount = try c.decodeIfPresent(Int.self, forKey: .loginCount)
        historyTotalPoints = try c.decodeIfPresent(Int.self, forKey: .historyTotalPoints)
        consecutiveFailCount = try c.decodeIfPresent(Int.self, forKey: .consecutiveFailCount)
    }
}

@PublicInit
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

    /// 003 (L1208-1233): `access_token`, `refresh_token`, `expires_in`, `user`, no `token_type`.
    /// [A] (002 L170-221): `token` and `token_type`, no refresh token (it refreshes with the
    /// access token in the header, so that token is the refresh token too).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        token = try c.decodeIfPresent(String.self, forKey: .token)
        if let access = try c.decodeIfPresent(String.self, forKey: .accessToken) {
            accessToken = access
        } else if let token {
            accessToken = token
        } else {
            throw DecodingError.keyNotFound(CodingKeys.accessToken, .init(codingPath: c.codingPath, debugDescription: "neither access_token nor token"))
        }
        refreshToken = try c.lenient(String.self, .refreshToken, of: "V4TokenGrant", accessToken)
        expiresIn = try c.lenient(Int.self, .expiresIn, of: "V4TokenGrant", JWTClaims.secondsLeft(accessToken) ?? 7200)
        tokenType = try c.lenient(String.self, .tokenType, of: "V4TokenGrant", "Bearer")
        user = try c.decode(V4User.self, forKey: .user)
    }
}

/// Extension: the legacy hidden admin login (username + password).
@PublicInit
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
}

@PublicInit
public struct V4Verification: Codable, Sendable, Equatable {
    public var valid: Bool
    public var user: V4User
    public var tokenExpiresAt: String

    enum CodingKeys: String, CodingKey { case valid, user, tokenExpiresAt = "token_expires_at" }

    /// 003 (L1407-1422): `valid` and `user`; the expiry is the token's own `exp`, which the
    /// transport does not have here: a missing one is left empty and filled by the caller
    /// (`expiring(token:)`). [A] sends `user` and `token_expires_at` without `valid`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        valid = try c.lenient(Bool.self, .valid, of: "V4Verification", true)
        user = try c.decode(V4User.self, forKey: .user)
        tokenExpiresAt = try c.lenient(String.self, .tokenExpiresAt, of: "V4Verification", "")
    }

    /// With the expiry taken from the access token's `exp` claim when V4 did not send one.
    public func expiring(token: String?) -> V4Verification {
        guard tokenExpiresAt.isEmpty, let token, let exp = JWTClaims.expiry(token) else { return self }
        var copy = self
        copy.tokenExpiresAt = Timestamp.beijing(Date(timeIntervalSince1970: TimeInterval(exp)))
        return copy
    }
}

@PublicInit
public struct V4Profile: Codable, Sendable, Equatable {
    public var user: V4User
}

@PublicInit
public struct V4Logout: Codable, Sendable, Equatable {
    public var loggedOutAt: String
    enum CodingKeys: String, CodingKey { case loggedOutAt = "logged_out_at" }

    /// 003 gives logout no shape (only its route, L83); [A]'s `logged_out_at` when present.
    public init(from decoder: any Decoder) throws {
        let c = try? decoder.container(keyedBy: CodingKeys.self)
        loggedOutAt = (try? c?.decodeIfPresent(String.self, forKey: .loggedOutAt)) ?? ""
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
