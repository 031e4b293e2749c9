import Hummingbird

/// `/api/v4/unified-engine/auth/...`
public struct AuthRoutes: Sendable {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    public func register(on group: RouterGroup<AppRequestContext>) {
        let login: @Sendable (V4Call) async throws -> V4TokenGrant = { call in
            try await auth.login(
                mobile: call.input.string("mobile"), verificationCode: call.input.string("verification_code"))
        }
        group
            .v4(.post, "login", access: .open, auth: auth, code: "LOGIN_SUCCESS", message: "登录成功", login)
            // [A]: register "actually redirects to login".
            .v4(.post, "register", access: .open, auth: auth, code: "LOGIN_SUCCESS", message: "登录成功", login)
            .v4(.post, "quick-login", access: .open, auth: auth, code: "LOGIN_SUCCESS", message: "快速登录成功") { call in
                try await auth.quickLogin(mobile: call.input.string("mobile"))
            }
            .v4(.post, "send-code", access: .open, auth: auth, code: "CODE_SENT", message: "验证码发送成功") { call in
                try await auth.sendCode(mobile: call.input.string("mobile"))
            }
            .v4(.post, "admin-login", access: .open, auth: auth, code: "ADMIN_AUTH_SUCCESS", message: "管理员登录成功") {
                call in
                try await auth.adminLogin(username: call.input.string("username"), password: call.input.string("password"))
            }
            // [B] sends the refresh token in the body; [A] in the Authorization header. Both work.
            .v4(.post, "refresh", access: .open, auth: auth, code: "TOKEN_REFRESH_SUCCESS", message: "Token刷新成功") { call in
                try await auth.refresh(refreshToken: call.input.string("refresh_token") ?? call.request.bearerToken)
            }
            .v4(.post, "verify", access: .open, auth: auth, code: "TOKEN_VALID", message: "Token验证成功") { call in
                try await auth.verify(accessToken: call.request.bearerToken)
            }
            .v4(.get, "profile", access: .bearer, auth: auth, code: "PROFILE_SUCCESS", message: "用户信息获取成功") { call in
                try await auth.profile(of: call.caller)
            }
            .v4(.put, "profile", access: .bearer, auth: auth, code: "PROFILE_UPDATED", message: "用户信息更新成功") { call in
                try await auth.updateProfile(
                    of: call.caller, nickname: call.input.string("nickname"), avatar: call.input.string("avatar"))
            }
            .v4(.post, "logout", access: .bearer, auth: auth, code: "LOGOUT_SUCCESS", message: "登出成功") { call in
                try await auth.logout(call.caller)
            }
    }
}
