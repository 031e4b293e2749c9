import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `users` (V4 §5.1 plus the avatar and legacy extension columns).
public struct UserRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "users"
    public var userId: Int64?
    public var mobile: String
    public var nickname: String?
    public var status: String
    public var consecutiveFailCount: Int
    public var historyTotalPoints: Int
    public var createdAt: Date
    public var lastLogin: Date?
    public var loginCount: Int
    public var avatarUrl: String?
    public var updatedAt: Date?
    public var legacyExtras: String?

    public init(mobile: String, nickname: String?, status: String = "active", createdAt: Date) {
        self.mobile = mobile
        self.nickname = nickname
        self.status = status
        self.consecutiveFailCount = 0
        self.historyTotalPoints = 0
        self.createdAt = createdAt
        self.loginCount = 0
        self.updatedAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { userId = inserted.rowID }

    public enum Columns {
        static let userId = Column("user_id"), mobile = Column("mobile"), nickname = Column("nickname")
        static let status = Column("status"), consecutiveFailCount = Column("consecutive_fail_count")
        static let historyTotalPoints = Column("history_total_points"), createdAt = Column("created_at")
        static let lastLogin = Column("last_login"), loginCount = Column("login_count"), avatarUrl = Column("avatar_url")
        static let updatedAt = Column("updated_at"), legacyExtras = Column("legacy_extras")
    }


    /// The user with `id`, through a cached statement.
    public static func find(_ id: Int64, in db: Database) throws -> UserRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE user_id = ?"), arguments: [id])
    }

    /// `用户8000`: the V4 default nickname, from the last four digits of the mobile.
    public static func defaultNickname(mobile: String) -> String { "用户" + mobile.suffix(4) }
}

extension UserRecord {
    /// Read by column, without a `Codable` pass (authentication and every profile read this).
    public init(row: Row) throws {
        userId = row[Columns.userId]
        mobile = row[Columns.mobile]
        nickname = row[Columns.nickname]
        status = row[Columns.status]
        consecutiveFailCount = row[Columns.consecutiveFailCount]
        historyTotalPoints = row[Columns.historyTotalPoints]
        createdAt = row[Columns.createdAt]
        lastLogin = row[Columns.lastLogin]
        loginCount = row[Columns.loginCount]
        avatarUrl = row[Columns.avatarUrl]
        updatedAt = row[Columns.updatedAt]
        legacyExtras = row[Columns.legacyExtras]
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension UserRecord {
    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.userId] = userId
        container[Columns.mobile] = mobile
        container[Columns.nickname] = nickname
        container[Columns.status] = status
        container[Columns.consecutiveFailCount] = consecutiveFailCount
        container[Columns.historyTotalPoints] = historyTotalPoints
        container[Columns.createdAt] = createdAt
        container[Columns.lastLogin] = lastLogin
        container[Columns.loginCount] = loginCount
        container[Columns.avatarUrl] = avatarUrl
        container[Columns.updatedAt] = updatedAt
        container[Columns.legacyExtras] = legacyExtras
    }
}
