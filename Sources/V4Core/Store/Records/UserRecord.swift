import BridgeKit
import V4Contract
import GRDB

/// A row of `users` (V4 §5.1 plus the avatar and legacy extension columns).
public struct UserRecord: V4Record, Equatable {
    public static let databaseTableName = "users"
    public var userId: Int64?
    public var mobile: String
    public var nickname: String?
    public var status: ActiveStatus
    public var consecutiveFailCount: Int
    public var historyTotalPoints: Int
    public var createdAt: Date
    public var lastLogin: Date?
    public var loginCount: Int
    public var avatarUrl: String?
    public var updatedAt: Date?
    public var legacyExtras: String?

    public init(mobile: String, nickname: String?, status: ActiveStatus = .active, createdAt: Date) {
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

    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case userId = "user_id", mobile, nickname, status, consecutiveFailCount = "consecutive_fail_count",
            historyTotalPoints = "history_total_points", createdAt = "created_at", lastLogin = "last_login",
            loginCount = "login_count", avatarUrl = "avatar_url", updatedAt = "updated_at",
            legacyExtras = "legacy_extras"
    }
    public typealias Columns = CodingKeys

    /// The user with `id`, through a cached statement.
    public static func find(_ id: Int64, in db: Database) throws -> UserRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE user_id = ?"), arguments: [id])
    }

    /// `用户8000`: the V4 default nickname, from the last four digits of the mobile.
    public static func defaultNickname(mobile: String) -> String { "用户" + mobile.suffix(4) }
}

