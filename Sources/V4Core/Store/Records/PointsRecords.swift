import V4Contract
import BridgeKit
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `user_points_accounts` (V4 §5.4): one account per user.
public struct PointsAccountRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "user_points_accounts"
    public var accountId: Int64?
    public var userId: Int64
    public var availablePoints: Int
    public var totalEarned: Int
    public var totalConsumed: Int
    public var createdAt: Date
    public var updatedAt: Date

    public enum Columns {
        static let accountId = Column("account_id"), userId = Column("user_id"), availablePoints = Column("available_points")
        static let totalEarned = Column("total_earned"), totalConsumed = Column("total_consumed")
        static let createdAt = Column("created_at"), updatedAt = Column("updated_at")
    }


    /// The account of `userId`, through a cached statement.
    public static func find(userId: Int64, in db: Database) throws -> PointsAccountRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM user_points_accounts WHERE user_id = ?"), arguments: [userId])
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { accountId = inserted.rowID }
}

/// A row of `points_records` (V4 §5.5), the points ledger. `pointsAmount` is the magnitude;
/// `transactionType` gives the direction.
public struct PointsTransactionRecord: SnakeCaseRecord, Equatable {
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

extension PointsAccountRecord {
    /// Read by column, without a `Codable` pass (every balance reads this).
    public init(row: Row) throws {
        accountId = row[Columns.accountId]
        userId = row[Columns.userId]
        availablePoints = row[Columns.availablePoints]
        totalEarned = row[Columns.totalEarned]
        totalConsumed = row[Columns.totalConsumed]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension PointsAccountRecord {
    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.accountId] = accountId
        container[Columns.userId] = userId
        container[Columns.availablePoints] = availablePoints
        container[Columns.totalEarned] = totalEarned
        container[Columns.totalConsumed] = totalConsumed
        container[Columns.createdAt] = createdAt
        container[Columns.updatedAt] = updatedAt
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension PointsTransactionRecord {
    public enum Columns {
        static let recordId = Column("record_id")
        static let userId = Column("user_id")
        static let transactionType = Column("transaction_type")
        static let pointsAmount = Column("points_amount")
        static let balanceBefore = Column("balance_before")
        static let balanceAfter = Column("balance_after")
        static let businessType = Column("business_type")
        static let sourceType = Column("source_type")
        static let referenceId = Column("reference_id")
        static let title = Column("title")
        static let description = Column("description")
        static let transactionTime = Column("transaction_time")
        static let legacyExtras = Column("legacy_extras")
    }

    public init(row: Row) throws {
        recordId = row[Columns.recordId]
        userId = row[Columns.userId]
        transactionType = row[Columns.transactionType]
        pointsAmount = row[Columns.pointsAmount]
        balanceBefore = row[Columns.balanceBefore]
        balanceAfter = row[Columns.balanceAfter]
        businessType = row[Columns.businessType]
        sourceType = row[Columns.sourceType]
        referenceId = row[Columns.referenceId]
        title = row[Columns.title]
        description = row[Columns.description]
        transactionTime = row[Columns.transactionTime]
        legacyExtras = row[Columns.legacyExtras]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.recordId] = recordId
        container[Columns.userId] = userId
        container[Columns.transactionType] = transactionType
        container[Columns.pointsAmount] = pointsAmount
        container[Columns.balanceBefore] = balanceBefore
        container[Columns.balanceAfter] = balanceAfter
        container[Columns.businessType] = businessType
        container[Columns.sourceType] = sourceType
        container[Columns.referenceId] = referenceId
        container[Columns.title] = title
        container[Columns.description] = description
        container[Columns.transactionTime] = transactionTime
        container[Columns.legacyExtras] = legacyExtras
    }
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
