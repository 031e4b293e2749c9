import BridgeKit
import V4Contract
import GRDB

/// A login session. Every token names its session; revoking the session (logout) stops all
/// of them. The current `refreshJti` may be exchanged (rotation), and so may the one before it
/// while the current one has never been presented: a client that never received the rotated
/// token (D0's refresh answer has none) keeps its original; once the successor has been used,
/// the predecessor is dead (Docs/compatibility.md A11).
public struct AuthSessionRecord: V4Record, Equatable {
    public static let databaseTableName = "auth_sessions"
    public var sessionId: String
    public var userId: Int64
    public var refreshJti: String
    public var createdAt: Date
    public var lastRefreshedAt: Date?
    public var revokedAt: Date?
    /// The refresh token `refreshJti` replaced, still accepted until `refreshJti` is presented.
    public var previousRefreshJti: String? = nil
}

/// The last SMS code sent to a mobile (hashed), its expiry and failed attempts.
public struct VerificationCodeRecord: V4Record, Equatable {
    public static let databaseTableName = "verification_codes"
    public var mobile: String
    public var codeHash: String
    public var sentAt: Date
    public var expiresAt: Date
    public var attempts: Int
}

/// A username/password pair for the legacy hidden admin login, bcrypt-hashed.
public struct AdminCredentialRecord: V4Record, Equatable {
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

extension AuthSessionRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case sessionId = "session_id", userId = "user_id", refreshJti = "refresh_jti", createdAt = "created_at",
            lastRefreshedAt = "last_refreshed_at", revokedAt = "revoked_at",
            previousRefreshJti = "previous_refresh_jti"
    }
    public typealias Columns = CodingKeys
}

extension VerificationCodeRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case mobile, codeHash = "code_hash", sentAt = "sent_at", expiresAt = "expires_at", attempts
    }
    public typealias Columns = CodingKeys
}

extension AdminCredentialRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case username, userId = "user_id", passwordHash = "password_hash", createdAt = "created_at"
    }
    public typealias Columns = CodingKeys
}
