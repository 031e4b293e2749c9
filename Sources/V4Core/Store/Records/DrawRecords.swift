import V4Contract
import BridgeKit
import GRDB

/// A row of `lottery_draw_records`: one draw, with a snapshot of the prize it gave.
public struct LotteryDrawRecord: V4Record, Equatable {
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

/// The pity counter of one user in one campaign, and the number of draws on `drawsDay` (a
/// Beijing day): the daily limit reads the counter instead of counting today's draw rows, which
/// grew with every draw. A row whose `drawsDay` is not today is recounted once from the rows.
public struct LotteryUserStateRecord: V4Record, Equatable {
    public static let databaseTableName = "lottery_user_states"
    public var userId: Int64
    public var campaignId: Int64
    public var pityCount: Int
    public var drawsDay: String?
    public var drawsToday: Int
    public var updatedAt: Date
}

extension LotteryUserStateRecord: PersistableRecord {}

/// A row of `user_inventories` (V4 §5.9): a prize or product a user holds.
public struct UserInventoryRecord: V4Record, Equatable {
    public static let databaseTableName = "user_inventories"
    public var inventoryId: Int64?
    public var userId: Int64
    public var name: String
    public var type: String
    public var value: String?
    public var status: InventoryStatus
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

extension LotteryDrawRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case recordId = "record_id", drawId = "draw_id", userId = "user_id", campaignId = "campaign_id",
            prizeId = "prize_id", prizeName = "prize_name", prizeType = "prize_type", prizeValue = "prize_value",
            drawType = "draw_type", batchId = "batch_id", drawSequence = "draw_sequence",
            costPoints = "cost_points", isPity = "is_pity", isNearMiss = "is_near_miss",
            createdAt = "created_at", legacyExtras = "legacy_extras"
    }
    public typealias Columns = CodingKeys
}

extension LotteryUserStateRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case userId = "user_id", campaignId = "campaign_id", pityCount = "pity_count", drawsDay = "draws_day",
            drawsToday = "draws_today", updatedAt = "updated_at"
    }
    public typealias Columns = CodingKeys
}

extension UserInventoryRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case inventoryId = "inventory_id", userId = "user_id", name, type, value, status,
            sourceType = "source_type", referenceId = "reference_id", acquiredAt = "acquired_at",
            expiresAt = "expires_at", usedAt = "used_at", verificationCode = "verification_code",
            transferCount = "transfer_count", maxTransfers = "max_transfers"
    }
    public typealias Columns = CodingKeys
}

/// The draw's writes through cached statements with fixed column lists, dates bound as GRDB's
/// own text format (the draw is the one write transaction every user repeats; see
/// Docs/performance.md).
extension LotteryDrawRecord {
    public mutating func insertRow(in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO lottery_draw_records (draw_id, user_id, campaign_id, prize_id, prize_name, prize_type, prize_value,
              draw_type, batch_id, draw_sequence, cost_points, is_pity, is_near_miss, created_at, legacy_extras)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                drawId, userId, campaignId, prizeId, prizeName, prizeType, prizeValue, drawType, batchId, drawSequence,
                costPoints, isPity, isNearMiss, Timestamp.database(createdAt), legacyExtras,
            ])
        recordId = db.lastInsertedRowID
    }
}

extension LotteryUserStateRecord {
    /// Inserts or replaces the state row of this user and campaign.
    public func upsert(in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO lottery_user_states (user_id, campaign_id, pity_count, draws_day, draws_today, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, campaign_id) DO UPDATE SET pity_count = excluded.pity_count,
              draws_day = excluded.draws_day, draws_today = excluded.draws_today, updated_at = excluded.updated_at
            """).execute(arguments: [userId, campaignId, pityCount, drawsDay, drawsToday, Timestamp.database(updatedAt)])
    }
}

extension UserInventoryRecord {
    public mutating func insertRow(in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO user_inventories (user_id, name, type, value, status, source_type, reference_id, acquired_at,
              expires_at, used_at, verification_code, transfer_count, max_transfers)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                userId, name, type, value, status, sourceType, referenceId, Timestamp.database(acquiredAt),
                expiresAt.map(Timestamp.database), usedAt.map(Timestamp.database),
                verificationCode, transferCount, maxTransfers,
            ])
        inventoryId = db.lastInsertedRowID
    }
}
