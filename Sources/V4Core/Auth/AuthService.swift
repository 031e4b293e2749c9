import V4Contract
import BridgeKit
import GRDB
import HummingbirdBcrypt
import NIOPosix

/// V4 authentication: SMS login (auto-registering), quick login (development), refresh with
/// rotation, verification, profile, logout (revokes the session), and the legacy admin login.
public struct AuthService: Sendable {
    let database: CoreDatabase
    let tokens: TokenService
    let codes: VerificationCodes
    let configuration: CoreConfiguration
    /// What authentication reads instead of the database: sessions, and users with their roles.
    public let sessions: SessionRegistry
    public let users: UserCache
    /// Failed logins per account (admin username, mobile): brute force meets a lockout.
    public let attempts: AttemptThrottle

    public init(
        database: CoreDatabase, tokens: TokenService, codes: VerificationCodes, configuration: CoreConfiguration,
        sessions: SessionRegistry = SessionRegistry(), users: UserCache
    ) {
        self.database = database
        self.tokens = tokens
        self.codes = codes
        self.configuration = configuration
        self.sessions = sessions
        self.users = users
        self.attempts = AttemptThrottle(policy: configuration.loginAttempts, clock: configuration.clock)
    }

    public static func validatedMobile(_ mobile: String?) throws -> String {
        guard let mobile, !mobile.isEmpty else { throw V4Error(.mobileRequired) }
        guard MobileNumber.isValid(mobile) else { throw V4Error(.invalidMobile) }
        return mobile
    }

    public func sendCode(mobile: String?) async throws -> V4CodeSent {
        try await codes.send(to: Self.validatedMobile(mobile))
    }

    /// `address`: the client the attempt is counted against (`AttemptThrottle`).
    public func login(mobile: String?, verificationCode: String?, from address: String? = nil) async throws -> V4TokenGrant {
        let mobile = try Self.validatedMobile(mobile)
        guard let code = verificationCode, !code.isEmpty else { throw V4Error(.missingParameter, "验证码不能为空") }
        let account = "mobile:" + mobile
        try attempts.check(account, from: address)
        guard try await codes.check(code, for: mobile) else {
            attempts.failed(account, from: address)
            throw V4Error(.invalidVerificationCode)
        }
        attempts.succeeded(account, from: address)
        return try await startSession(mobile: mobile)
    }

    /// [B] quick-login: no code, so only in development mode.
    public func quickLogin(mobile: String?) async throws -> V4TokenGrant {
        let mobile = try Self.validatedMobile(mobile)
        guard configuration.mode == .development else { throw V4Error(.permissionDenied, "快速登录仅在开发环境可用") }
        return try await startSession(mobile: mobile)
    }

    private func startSession(mobile: String) async throws -> V4TokenGrant {
        let now = configuration.clock()
        let bonus = configuration.registrationBonus
        let (user, session) = try await database.write { db in
            let (user, _) = try UserDirectory.findOrCreate(mobile: mobile, registrationBonus: bonus, in: db, at: now)
            return try Self.signIn(user, in: db, at: now)
        }
        return try await grant(user: user, session: session)
    }

    /// An active user signs in: the login is counted and a session opened, in the caller's transaction.
    private static func signIn(_ user: UserRecord, in db: Database, at now: Date) throws -> (V4User, AuthSessionRecord) {
        var user = user
        guard user.status == .active else { throw V4Error(.userInactive) }
        user.lastLogin = now
        user.loginCount += 1
        try user.update(db)
        let session = try openSession(for: user.userId!, in: db, at: now)
        return (try UserDirectory.payload(for: user, in: db), session)
    }

    public func adminLogin(username: String?, password: String?, from address: String? = nil) async throws -> V4AdminGrant {
        guard let username, !username.isEmpty, let password, !password.isEmpty else {
            throw V4Error(.adminCredentialsRequired)
        }
        // Checked before the password, so a locked account costs no bcrypt and says nothing.
        let account = "admin:" + username.lowercased()
        try attempts.check(account, from: address)
        // bcrypt reads a C string of at most 72 bytes: "secret\u{0}junk" and anything past byte 72
        // would verify as the stored password. Such a password is never a stored one.
        guard AdminAccounts.isStorable(password) else {
            attempts.failed(account, from: address)
            throw V4Error(.invalidAdminCredentials)
        }
        let credential = try await database.read { db in try AdminCredentialRecord.fetchOne(db, key: username) }
        // Verify against a dummy hash for unknown names, so timing does not reveal which usernames
        // exist. The dummy is made on first use, on the thread pool like every bcrypt: made on a
        // cooperative thread it held that thread (and every caller waiting on its lazy init).
        let stored = credential?.passwordHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: stored ?? Self.dummyHash) }
        guard let credential, matches else {
            attempts.failed(account, from: address)
            throw V4Error(.invalidAdminCredentials)
        }
        attempts.succeeded(account, from: address)
        let now = configuration.clock()
        let (user, session) = try await database.write { db in
            guard let user = try UserRecord.fetchOne(db, key: credential.userId) else { throw V4Error(.userNotFound) }
            return try Self.signIn(user, in: db, at: now)
        }
        let grant = try await grant(user: user, session: session)
        return V4AdminGrant(
            accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresIn: grant.expiresIn, user: user,
            admin: .init(username: username, roleLevel: user.roles.map(\.roleLevel).max() ?? 0))
    }

    /// Exchanges the session's current refresh token for a new pair; the old refresh token stops working.
    public func refresh(refreshToken: String?) async throws -> V4TokenGrant {
        guard let refreshToken, !refreshToken.isEmpty else { throw V4Error(.refreshTokenRequired) }
        let claims: TokenClaims
        do {
            claims = try tokens.verify(refreshToken, as: .refresh)
        } catch {
            switch error {
            case .malformed: throw V4Error(.invalidRefreshTokenFormat)
            case .expired: throw V4Error(.refreshTokenExpired)
            case .invalid, .wrongKind: throw V4Error(.invalidRefreshToken)
            }
        }
        let now = configuration.clock()
        let newJti = UUID().uuidString
        // nil: the token was one this session has already exchanged and moved past. Someone kept a
        // copy, so the session is revoked (refresh-token reuse detection), committed, then refused.
        let user: V4User? = try await database.write { db in
            guard var session = try AuthSessionRecord.fetchOne(db, key: claims.sid), session.revokedAt == nil,
                session.userId == claims.userId
            else { throw V4Error(.invalidRefreshToken) }
            if claims.jti == session.refreshJti {
                // The client moved on to the current token: the one before it is dead from now on.
                session.previousRefreshJti = session.refreshJti
            } else if claims.jti != session.previousRefreshJti || session.previousRefreshJti == nil {
                session.revokedAt = now
                try session.update(db)
                return nil
            }
            // Else the predecessor: the current token was never presented, so the client did not
            // get it (D0's answer has none); the predecessor stays what it may come back with.
            guard let user = try UserRecord.fetchOne(db, key: session.userId) else { throw V4Error(.userNotFound) }
            guard user.status == .active else { throw V4Error(.userInactive) }
            session.refreshJti = newJti
            session.lastRefreshedAt = now
            try session.update(db)
            return try UserDirectory.payload(for: user, in: db)
        }
        guard let user else {
            if let userId = claims.userId { sessions.revoke(claims.sid, userId: userId) }
            throw V4Error(.invalidRefreshToken, "Refresh Token已被使用过，会话已注销，请重新登录")
        }
        return try await grant(user: user, session: AuthSessionRecord(
            sessionId: claims.sid, userId: user.userId, refreshJti: newJti, createdAt: now))
    }

    /// Resolves an access token to its identity: signature, expiry, live session, active user.
    /// Sessions and users come from memory (`sessions`, `users`); the database only the first time.
    public func authenticate(accessToken: String?) async throws -> Identity {
        let claims = try verifiedAccess(accessToken)
        guard let userId = claims.userId else { throw V4Error(.tokenInvalid) }
        let session = try await session(claims.sid, userId: userId)
        guard !session.revoked, session.userId == userId else { throw V4Error(.tokenInvalid, "Token已失效，请重新登录") }
        guard let user = try await user(userId) else { throw V4Error(.userNotFound) }
        guard user.status == ActiveStatus.active.rawValue else { throw V4Error(.userInactive) }
        return Identity(
            userId: userId, sessionId: claims.sid, roles: user.roles.map { RoleSummary(roleName: $0.roleName, roleLevel: $0.roleLevel) })
    }

    private func session(_ sessionId: String, userId: Int64) async throws -> SessionRegistry.Entry {
        if let known = sessions.entry(sessionId) { return known }
        let loaded = try await database.read { db in
            try AuthSessionRecord.find(sessionId, in: db).map { SessionRegistry.Entry(userId: $0.userId, revoked: $0.revokedAt != nil) }
                ?? SessionRegistry.Entry(userId: userId, revoked: true)
        }
        sessions.store(sessionId, loaded)
        return sessions.entry(sessionId) ?? loaded
    }

    /// The V4 payload of a user (roles included), from memory or one read.
    func user(_ userId: Int64) async throws -> V4User? {
        try await users.user(userId) {
            try await database.read { db in try UserRecord.find(userId, in: db).map { try UserDirectory.payload(for: $0, in: db) } }
        }
    }

    private func verifiedAccess(_ accessToken: String?) throws(V4Error) -> TokenClaims {
        guard let accessToken, !accessToken.isEmpty else { throw V4Error(.tokenMissing) }
        do {
            return try tokens.verify(accessToken, as: .access)
        } catch {
            switch error {
            case .expired: throw V4Error(.tokenExpired)
            case .malformed, .invalid, .wrongKind: throw V4Error(.tokenInvalid)
            }
        }
    }

    public func verify(accessToken: String?) async throws -> V4Verification {
        let identity = try await authenticate(accessToken: accessToken)
        let claims = try verifiedAccess(accessToken)
        let profile = try await profile(of: identity)
        return V4Verification(
            valid: true, user: profile.user,
            tokenExpiresAt: Timestamp.beijing(Date(timeIntervalSince1970: Double(claims.exp))))
    }

    public func profile(of identity: Identity) async throws -> V4Profile {
        guard let user = try await user(identity.userId) else { throw V4Error(.userNotFound) }
        return V4Profile(user: user)
    }

    /// Extension: changes nickname and/or avatar (the legacy `PUT /api/user/info`).
    public func updateProfile(of identity: Identity, nickname: String?, avatar: String?) async throws -> V4Profile {
        let cleanNickname = nickname.map(Nickname.normalised)
        if cleanNickname == .some(nil) { throw V4Error(.invalidParameter, "昵称应为1-50个字符，且不含控制字符") }
        if let avatar {
            guard avatar.count <= 500, avatar.hasPrefix("https://") || avatar.hasPrefix("http://") else {
                throw V4Error(.invalidParameter, "头像必须是有效的URL")
            }
        }
        let now = configuration.clock()
        return try await database.write { db in
            guard var user = try UserRecord.fetchOne(db, key: identity.userId) else { throw V4Error(.userNotFound) }
            if case .some(.some(let clean)) = cleanNickname { user.nickname = clean }
            if let avatar { user.avatarUrl = avatar }
            user.updatedAt = now
            try user.update(db)
            return V4Profile(user: try UserDirectory.payload(for: user, in: db))
        }
    }

    public func logout(_ identity: Identity) async throws -> V4Logout {
        let now = configuration.clock()
        try await database.write { db in
            try db.execute(
                sql: "UPDATE auth_sessions SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL",
                arguments: [now, identity.sessionId])
        }
        sessions.revoke(identity.sessionId, userId: identity.userId)
        return V4Logout(loggedOutAt: Timestamp.beijing(now))
    }

    private static func openSession(for userId: Int64, in db: Database, at time: Date) throws -> AuthSessionRecord {
        let session = AuthSessionRecord(
            sessionId: UUID().uuidString.lowercased(), userId: userId, refreshJti: UUID().uuidString, createdAt: time)
        try session.insert(db)
        return session
    }

    private func grant(user: V4User, session: AuthSessionRecord) async throws -> V4TokenGrant {
        let access = try await tokens.issue(
            .access, userId: user.userId, sessionId: session.sessionId, jti: UUID().uuidString)
        let refresh = try await tokens.issue(
            .refresh, userId: user.userId, sessionId: session.sessionId, jti: session.refreshJti)
        return V4TokenGrant(
            accessToken: access, refreshToken: refresh, expiresIn: tokens.accessTTL, tokenType: "Bearer", user: user,
            token: access)
    }

    /// A bcrypt hash of a random string, compared against when the username is unknown.
    static let dummyHash = Bcrypt.hash(UUID().uuidString, cost: AdminAccounts.bcryptCost)
}
