import V4Contract
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
