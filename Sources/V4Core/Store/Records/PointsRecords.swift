import V4Contract
import BridgeKit
import GRDB

/// A row of `user_points_accounts` (V4 §5.4): one account per user.
public struct PointsAccountRecord: V4Record, Equatable {
    public static let databaseTableName = "user_points_accounts"
    public var accountId: Int64?
    public var userId: Int64
    public var availablePoints: Int
    public var totalEarned: Int
    public var totalConsumed: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case accountId = "account_id", userId = "user_id", availablePoints = "available_points",
            totalEarned = "total_earned", totalConsumed = "total_consumed", createdAt = "created_at",
            updatedAt = "updated_at"
    }
    public typealias Columns = CodingKeys

    /// The account of `userId`, through a cached statement.
    public static func find(userId: Int64, in db: Database) throws -> PointsAccountRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM user_points_accounts WHERE user_id = ?"), arguments: [userId])
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { accountId = inserted.rowID }
}

/// A row of `points_records` (V4 §5.5), the points ledger. `pointsAmount` is the magnitude;
/// `transactionType` gives the direction.
public struct PointsTransactionRecord: V4Record, Equatable {
    public static let databaseTableName = "points_records"
    public var recordId: Int64?
    public var userId: Int64
    public var transactionType: String
    public var pointsAmount: Int
    public var balanceBefore: Int?
    public var balanceAfter: Int
    public var businessType: String
    public var sourceType: String
    public var referenceId: String?
    public var title: String
    public var description: String?
    public var transactionTime: Date
    public var legacyExtras: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { recordId = inserted.rowID }

    /// Signed change this row made to the balance.
    public var signedAmount: Int { transactionType == "earn" ? pointsAmount : -pointsAmount }
}

extension PointsTransactionRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case recordId = "record_id", userId = "user_id", transactionType = "transaction_type",
            pointsAmount = "points_amount", balanceBefore = "balance_before", balanceAfter = "balance_after",
            businessType = "business_type", sourceType = "source_type", referenceId = "reference_id", title,
            description, transactionTime = "transaction_time", legacyExtras = "legacy_extras"
    }
    public typealias Columns = CodingKeys
}

/// The ledger's writes through cached statements with fixed column lists: every draw, exchange
/// and review posts to the ledger, and GRDB's generic persistence (a container per record, the
/// statement's SQL built anew per call) was a fifth of the draw's writer time. Dates are bound
/// as `Timestamp.database` text, the format GRDB itself stores, without its DateFormatter (8 %).
extension PointsAccountRecord {
    /// Writes the balance and totals of this (existing) account.
    public func updateBalance(in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE user_points_accounts SET available_points = ?, total_earned = ?, total_consumed = ?, updated_at = ?
            WHERE user_id = ?
            """).execute(arguments: [availablePoints, totalEarned, totalConsumed, Timestamp.database(updatedAt), userId])
    }
}

extension PointsTransactionRecord {
    /// Inserts this ledger row and takes its new id.
    public mutating func insertRow(in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO points_records (user_id, transaction_type, points_amount, balance_before, balance_after,
              business_type, source_type, reference_id, title, description, transaction_time, legacy_extras)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                userId, transactionType, pointsAmount, balanceBefore, balanceAfter, businessType, sourceType,
                referenceId, title, description, Timestamp.database(transactionTime), legacyExtras,
            ])
        recordId = db.lastInsertedRowID
    }
}
