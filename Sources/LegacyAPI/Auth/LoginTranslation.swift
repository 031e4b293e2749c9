import BridgeKit
import V4Contract

/// `POST /api/auth/login` → V4 `auth/login` + `points/balance`.
struct LoginTranslation: LegacyTranslation {
    static let name = "auth.login"
    static let reads = MappingReads(shapes: ["login_user_info"], fields: ["mobile", "verification_code"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let mobile = call.input.string("mobile") ?? ""
        let verificationCode = call.input.string("verification_code") ?? ""
        let grant: V4TokenGrant
        do {
            grant = try await call.v4(V4API.Auth.login, .init(mobile: mobile, verificationCode: verificationCode))
        } catch {
            // The legacy login registers a new mobile; 003's login does not (L1197-1204), but it
            // answers USER_NOT_FOUND only after the code was accepted, and its quick-login creates
            // the user (L1263-1269). A deployment that refuses quick-login keeps USER_NOT_FOUND.
            guard case .rejected(let code, _, _, _) = error, code == "USER_NOT_FOUND" else { throw error }
            guard let created = try? await call.v4(V4API.Auth.quickLogin, .init(mobile: mobile)) else { throw error }
            grant = created
        }
        return LegacyReply(data: .object(try await TokenReply.session(grant, call)))
    }
}

/// `POST /api/auth/refresh` (refresh token in the Authorization header) → V4 `auth/refresh`
/// (refresh token in the body) + `points/balance`. Returns D1-B's rotated pair and user_info,
/// a superset of D0's `{access_token, expires_in}`.
struct RefreshTranslation: LegacyTranslation {
    static let name = "auth.refresh"
    static let reads = MappingReads(shapes: ["login_user_info"], optionalFields: ["refresh_token"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        // The refresh token as `Authorization: Bearer` (D0, D1-B), or in the body where a route
        // maps one (D1-V1's `refreshToken`, the name its login answer gives it).
        guard let token = call.input.string("refresh_token") ?? call.token, !token.isEmpty else {
            throw LegacyError(call.mappings.legacyError(forV4Code: "REFRESH_TOKEN_REQUIRED", route: call.route))
        }
        let grant = try await call.v4(V4API.Auth.refresh, .init(refreshToken: token))
        return LegacyReply(data: .object(try await TokenReply.session(grant, call)))
    }
}

/// `POST /api/auth/admin-login` → V4 extension `auth/admin-login`. Carries both D0's
/// `admin_info` and D1-B's `user_info`: the names do not clash.
struct AdminLoginTranslation: LegacyTranslation {
    static let name = "auth.admin_login"
    static let reads = MappingReads(
        shapes: ["admin_user_info", "admin_info"], fields: ["username", "password"], optionalFields: ["admin_key"],
        ignoredFields: ["verification_code"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        // D1-B's 管理员密钥, when the deployment set one: checked before the password is.
        if let key = call.deployment.adminKey, !LegacyDeployment.sameSecret(call.input.string("admin_key") ?? "", key) {
            throw LegacyError(call.mappings.legacyError(forFailure: .adminKeyInvalid, route: call.route))
        }
        let grant = try await call.v4(
            V4API.Auth.adminLogin, .init(username: call.input.string("username") ?? "", password: call.input.string("password") ?? ""))
        let balance = try await call.v4(V4API.Points.balance, .init(userId: grant.user.userId), token: grant.accessToken)
        var data = TokenReply.make(
            grant.accessToken, grant.refreshToken, grant.expiresIn,
            userInfo: call.shaped(
                "admin_user_info",
                from: LegacyUserView.make(user: grant.user, balance: balance, adminUsername: grant.admin.username, call: call)))
        data["admin_info"] = call.shaped("admin_info", from: LegacyAdminView.make(grant: grant))
        return LegacyReply(data: .object(data))
    }
}

/// `GET /api/auth/verify-token` → V4 `auth/verify`.
struct VerifyTokenTranslation: LegacyTranslation {
    static let name = "auth.verify_token"
    static let reads = MappingReads(shapes: ["verify_user_info"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let verification = try await call.v4(V4API.Auth.verify, .init())
        return LegacyReply(data: [
            "valid": .bool(verification.valid),
            "user_info": call.shaped("verify_user_info", from: LegacyUserView.make(user: verification.user, call: call)),
        ])
    }
}

/// `POST /api/auth/logout` → V4 `auth/logout` (the session's tokens stop working). `data: null`.
struct LogoutTranslation: LegacyTranslation {
    static let name = "auth.logout"
    static let reads = MappingReads()

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        _ = try await call.v4(V4API.Auth.logout, .init())
        return LegacyReply(data: .null)
    }
}

/// `POST /api/auth/send-code` → V4 extension `auth/send-code`. The `/api` doc has no shape;
/// the V1 counterpart's `{expire, canResend}` is used.
struct SendCodeTranslation: LegacyTranslation {
    static let name = "auth.send_code"
    static let reads = MappingReads(fields: ["mobile"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let sent = try await call.v4(V4API.Auth.sendCode, .init(mobile: call.input.string("mobile") ?? ""))
        return LegacyReply(data: ["expire": .int(Int64(sent.expire)), "canResend": .int(Int64(sent.canResend))])
    }
}

/// The token block login, refresh and admin-login share.
enum TokenReply {
    /// Tokens plus the `login_user_info` shape, with the live balance as `total_points`.
    static func session(_ grant: V4TokenGrant, _ call: LegacyCall) async throws -> JSONObject {
        let balance = try await call.v4(V4API.Points.balance, .init(userId: grant.user.userId), token: grant.accessToken)
        return make(
            grant.accessToken, grant.refreshToken, grant.expiresIn,
            userInfo: call.shaped("login_user_info", from: LegacyUserView.make(user: grant.user, balance: balance, call: call)))
    }

    static func make(_ access: String, _ refresh: String, _ expiresIn: Int, userInfo: JSONValue) -> JSONObject {
        [
            "access_token": .string(access), "refresh_token": .string(refresh), "expires_in": .int(Int64(expiresIn)),
            "user_info": userInfo,
        ]
    }
}
