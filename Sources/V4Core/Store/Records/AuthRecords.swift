import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A login session. Every token names its session; revoking the session (logout) stops all
/// of them, and only the session's current `refreshJti` may be exchanged (rotation).
public struct AuthSessionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "auth_sessions"
    public var sessionId: String
    public var userId: Int64
    public var refreshJti: String
    public var createdAt: Date
    public var lastRefreshedAt: Date?
    public var revokedAt: Date?
}

/// The last SMS code sent to a mobile (hashed), its expiry and failed attempts.
public struct VerificationCodeRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "verification_codes"
    public var mobile: String
    public var codeHash: String
    public var sentAt: Date
    public var expiresAt: Date
    public var attempts: Int
}

/// A username/password pair for the legacy hidden admin login, bcrypt-hashed.
public struct AdminCredentialRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "admin_credentials"
    public var username: String
    public var userId: Int64
    public var passwordHash: String
    public var createdAt: Date
}

extension AuthSessionRecord {
    /// The session with `id`, through a cached statement.
    public static func find(_ id: String, in db: Database) throws -> AuthSessionRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM auth_sessions WHERE session_id = ?"), arguments: [id])
    }
}

// Keys chosen by the caller, so nothing to learn on insert.
extension AuthSessionRecord: PersistableRecord {}
extension VerificationCodeRecord: PersistableRecord {}
extension AdminCredentialRecord: PersistableRecord {}
