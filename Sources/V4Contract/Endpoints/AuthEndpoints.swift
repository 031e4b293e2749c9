import BridgeKit
/// `auth/...`: SMS login, quick login, codes, admin login, refresh, verify, profile, logout.
extension V4API {
    public enum Auth {
        /// [A]: register "actually redirects to login".
        public static let login = V4Endpoint<V4LoginRequest, V4TokenGrant>(
            "auth.login", .post, "auth/login", aliases: ["auth/register"], access: .open, code: "LOGIN_SUCCESS", message: "登录成功",
            bodyLimit: openBodyLimit, addressLimit: "login")
        public static let quickLogin = V4Endpoint<V4MobileRequest, V4TokenGrant>(
            "auth.quick_login", .post, "auth/quick-login", access: .open, code: "LOGIN_SUCCESS", message: "快速登录成功",
            bodyLimit: openBodyLimit, addressLimit: "login")
        public static let sendCode = V4Endpoint<V4MobileRequest, V4CodeSent>(
            "auth.send_code", .post, "auth/send-code", access: .open, code: "CODE_SENT", message: "验证码发送成功",
            bodyLimit: openBodyLimit, addressLimit: "send_code")
        public static let adminLogin = V4Endpoint<V4AdminLoginRequest, V4AdminGrant>(
            "auth.admin_login", .post, "auth/admin-login", access: .open, code: "ADMIN_AUTH_SUCCESS", message: "管理员登录成功",
            bodyLimit: openBodyLimit, addressLimit: "admin_login")
        /// [B] sends the refresh token in the body; [A] in the Authorization header. Both work.
        public static let refresh = V4Endpoint<V4RefreshRequest, V4TokenGrant>(
            "auth.refresh", .post, "auth/refresh", access: .open, code: "TOKEN_REFRESH_SUCCESS", message: "Token刷新成功",
            bodyLimit: openBodyLimit, addressLimit: "refresh")
        /// Checks the bearer token itself, so it is `open`: its failures are its answer.
        public static let verify = V4Endpoint<V4NoInput, V4Verification>(
            "auth.verify", .post, "auth/verify", access: .open, code: "TOKEN_VALID", message: "Token验证成功")
        public static let profile = V4Endpoint<V4NoInput, V4Profile>(
            "auth.profile", .get, "auth/profile", access: .bearer, code: "PROFILE_SUCCESS", message: "用户信息获取成功")
        /// Extension: the legacy `PUT /api/user/info`.
        public static let updateProfile = V4Endpoint<V4ProfileUpdate, V4Profile>(
            "auth.update_profile", .put, "auth/profile", access: .bearer, code: "PROFILE_UPDATED", message: "用户信息更新成功")
        public static let logout = V4Endpoint<V4NoInput, V4Logout>(
            "auth.logout", .post, "auth/logout", access: .bearer, code: "LOGOUT_SUCCESS", message: "登出成功")

        /// What the open endpoints read at most: a few short fields, not 1 MiB from anyone.
        public static let openBodyLimit = 4096

        static let all: [any V4EndpointDescription] = [
            login, quickLogin, sendCode, adminLogin, refresh, verify, profile, updateProfile, logout,
        ]
    }
}

@PublicInit
public struct V4LoginRequest: V4FieldInput, Equatable {
    public var mobile: String?
    public var verificationCode: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [.body(\.mobile, "mobile"), .body(\.verificationCode, "verification_code")]
}

public struct V4MobileRequest: V4FieldInput, Equatable {
    public var mobile: String?

    public init() {}
    public init(mobile: String?) { self.mobile = mobile }

    public static let fields: [V4Field<Self>] = [.body(\.mobile, "mobile")]
}

@PublicInit
public struct V4AdminLoginRequest: V4FieldInput, Equatable {
    public var username: String?
    public var password: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [.body(\.username, "username"), .body(\.password, "password")]
}

/// [B] sends the refresh token in the body; [A] in the `Authorization` header.
public struct V4RefreshRequest: V4FieldInput, Equatable {
    public var refreshToken: String?

    public init() {}
    public init(refreshToken: String?) { self.refreshToken = refreshToken }

    public static let fields: [V4Field<Self>] = [
        .body(\.refreshToken, "refresh_token"),
        .bearerWhenAbsent(\.refreshToken),
    ]
}

@PublicInit
public struct V4ProfileUpdate: V4FieldInput, Equatable {
    public var nickname: String?
    public var avatar: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [.body(\.nickname, "nickname"), .body(\.avatar, "avatar")]
}
