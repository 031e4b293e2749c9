import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A login session. Every token names its session; revoking the session (logout) stops all
/// of them. The current `refreshJti` may be exchanged (rotation), and so may the one before it
/// while the current one has never been presented: a client that never received the rotated
/// token (D0's refresh answer has none) keeps its original; once the successor has been used,
/// the predecessor is dead (Docs/compatibility.md A11).
public struct AuthSessionRecord: SnakeCaseRecord, Equatable {
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

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension AuthSessionRecord {
    public enum Columns {
        static let sessionId = Column("session_id")
        static let userId = Column("user_id")
        static let refreshJti = Column("refresh_jti")
        static let createdAt = Column("created_at")
        static let lastRefreshedAt = Column("last_refreshed_at")
        static let revokedAt = Column("revoked_at")
        static let previousRefreshJti = Column("previous_refresh_jti")
    }

    public init(row: Row) throws {
        previousRefreshJti = row[Columns.previousRefreshJti]
        sessionId = row[Columns.sessionId]
        userId = row[Columns.userId]
        refreshJti = row[Columns.refreshJti]
        createdAt = row[Columns.createdAt]
        lastRefreshedAt = row[Columns.lastRefreshedAt]
        revokedAt = row[Columns.revokedAt]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.sessionId] = sessionId
        container[Columns.userId] = userId
        container[Columns.refreshJti] = refreshJti
        container[Columns.createdAt] = createdAt
        container[Columns.lastRefreshedAt] = lastRefreshedAt
        container[Columns.revokedAt] = revokedAt
        container[Columns.previousRefreshJti] = previousRefreshJti
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension VerificationCodeRecord {
    public enum Columns {
        static let mobile = Column("mobile")
        static let codeHash = Column("code_hash")
        static let sentAt = Column("sent_at")
        static let expiresAt = Column("expires_at")
        static let attempts = Column("attempts")
    }

    public init(row: Row) throws {
        mobile = row[Columns.mobile]
        codeHash = row[Columns.codeHash]
        sentAt = row[Columns.sentAt]
        expiresAt = row[Columns.expiresAt]
        attempts = row[Columns.attempts]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.mobile] = mobile
        container[Columns.codeHash] = codeHash
        container[Columns.sentAt] = sentAt
        container[Columns.expiresAt] = expiresAt
        container[Columns.attempts] = attempts
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension AdminCredentialRecord {
    public enum Columns {
        static let username = Column("username")
        static let userId = Column("user_id")
        static let passwordHash = Column("password_hash")
        static let createdAt = Column("created_at")
    }

    public init(row: Row) throws {
        username = row[Columns.username]
        userId = row[Columns.userId]
        passwordHash = row[Columns.passwordHash]
        createdAt = row[Columns.createdAt]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.username] = username
        container[Columns.userId] = userId
        container[Columns.passwordHash] = passwordHash
        container[Columns.createdAt] = createdAt
    }
}
