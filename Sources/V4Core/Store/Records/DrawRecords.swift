import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `lottery_draw_records`: one draw, with a snapshot of the prize it gave.
public struct LotteryDrawRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "lottery_draw_records"
    public var recordId: Int64?
    public var drawId: String
    public var userId: Int64
    public var campaignId: Int64
    public var prizeId: Int64?
    public var prizeName: String?
    public var prizeType: String?
    public var prizeValue: Int
    public var drawType: String
    public var batchId: String?
    public var drawSequence: Int
    public var costPoints: Int
    public var isPity: Bool
    public var isNearMiss: Bool
    public var createdAt: Date
    public var legacyExtras: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { recordId = inserted.rowID }
}

/// The pity counter of one user in one campaign.
public struct LotteryUserStateRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "lottery_user_states"
    public var userId: Int64
    public var campaignId: Int64
    public var pityCount: Int
    public var updatedAt: Date
}

extension LotteryUserStateRecord: PersistableRecord {}

/// A row of `user_inventories` (V4 §5.9): a prize or product a user holds.
public struct UserInventoryRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "user_inventories"
    public var inventoryId: Int64?
    public var userId: Int64
    public var name: String
    public var type: String
    public var value: String?
    public var status: String
    public var sourceType: String
    public var referenceId: String?
    public var acquiredAt: Date
    public var expiresAt: Date?
    public var usedAt: Date?
    public var verificationCode: String?
    public var transferCount: Int
    public var maxTransfers: Int

    public mutating func didInsert(_ inserted: InsertionSuccess) { inventoryId = inserted.rowID }
}
