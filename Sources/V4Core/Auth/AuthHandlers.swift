import V4Contract

/// `auth/...`: the contract's auth endpoints onto `AuthService`.
struct AuthHandlers {
    let auth: AuthService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Auth.login) { input, caller in
            try await auth.login(mobile: input.mobile, verificationCode: input.verificationCode, from: caller.clientAddress)
        }
        handlers.on(V4API.Auth.quickLogin) { input, _ in try await auth.quickLogin(mobile: input.mobile) }
        handlers.on(V4API.Auth.sendCode) { input, _ in try await auth.sendCode(mobile: input.mobile) }
        handlers.on(V4API.Auth.adminLogin) { input, caller in
            try await auth.adminLogin(username: input.username, password: input.password, from: caller.clientAddress)
        }
        handlers.on(V4API.Auth.refresh) { input, _ in try await auth.refresh(refreshToken: input.refreshToken) }
        handlers.on(V4API.Auth.verify) { _, caller in try await auth.verify(accessToken: caller.token) }
        handlers.on(V4API.Auth.profile) { _, caller in try await auth.profile(of: caller.authenticated) }
        handlers.on(V4API.Auth.updateProfile) { input, caller in
            try await auth.updateProfile(of: caller.authenticated, nickname: input.nickname, avatar: input.avatar)
        }
        handlers.on(V4API.Auth.logout) { _, caller in try await auth.logout(caller.authenticated) }
    }
}
