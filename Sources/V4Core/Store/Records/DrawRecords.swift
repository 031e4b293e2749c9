import V4Contract
import BridgeKit
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

/// The pity counter of one user in one campaign, and the number of draws on `drawsDay` (a
/// Beijing day): the daily limit reads the counter instead of counting today's draw rows, which
/// grew with every draw. A row whose `drawsDay` is not today is recounted once from the rows.
public struct LotteryUserStateRecord: SnakeCaseRecord, Equatable {
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

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension LotteryDrawRecord {
    public enum Columns {
        static let recordId = Column("record_id")
        static let drawId = Column("draw_id")
        static let userId = Column("user_id")
        static let campaignId = Column("campaign_id")
        static let prizeId = Column("prize_id")
        static let prizeName = Column("prize_name")
        static let prizeType = Column("prize_type")
        static let prizeValue = Column("prize_value")
        static let drawType = Column("draw_type")
        static let batchId = Column("batch_id")
        static let drawSequence = Column("draw_sequence")
        static let costPoints = Column("cost_points")
        static let isPity = Column("is_pity")
        static let isNearMiss = Column("is_near_miss")
        static let createdAt = Column("created_at")
        static let legacyExtras = Column("legacy_extras")
    }

    public init(row: Row) throws {
        recordId = row[Columns.recordId]
        drawId = row[Columns.drawId]
        userId = row[Columns.userId]
        campaignId = row[Columns.campaignId]
        prizeId = row[Columns.prizeId]
        prizeName = row[Columns.prizeName]
        prizeType = row[Columns.prizeType]
        prizeValue = row[Columns.prizeValue]
        drawType = row[Columns.drawType]
        batchId = row[Columns.batchId]
        drawSequence = row[Columns.drawSequence]
        costPoints = row[Columns.costPoints]
        isPity = row[Columns.isPity]
        isNearMiss = row[Columns.isNearMiss]
        createdAt = row[Columns.createdAt]
        legacyExtras = row[Columns.legacyExtras]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.recordId] = recordId
        container[Columns.drawId] = drawId
        container[Columns.userId] = userId
        container[Columns.campaignId] = campaignId
        container[Columns.prizeId] = prizeId
        container[Columns.prizeName] = prizeName
        container[Columns.prizeType] = prizeType
        container[Columns.prizeValue] = prizeValue
        container[Columns.drawType] = drawType
        container[Columns.batchId] = batchId
        container[Columns.drawSequence] = drawSequence
        container[Columns.costPoints] = costPoints
        container[Columns.isPity] = isPity
        container[Columns.isNearMiss] = isNearMiss
        container[Columns.createdAt] = createdAt
        container[Columns.legacyExtras] = legacyExtras
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension LotteryUserStateRecord {
    public enum Columns {
        static let userId = Column("user_id")
        static let campaignId = Column("campaign_id")
        static let pityCount = Column("pity_count")
        static let drawsDay = Column("draws_day")
        static let drawsToday = Column("draws_today")
        static let updatedAt = Column("updated_at")
    }

    public init(row: Row) throws {
        userId = row[Columns.userId]
        campaignId = row[Columns.campaignId]
        pityCount = row[Columns.pityCount]
        drawsDay = row[Columns.drawsDay]
        drawsToday = row[Columns.drawsToday]
        updatedAt = row[Columns.updatedAt]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.userId] = userId
        container[Columns.campaignId] = campaignId
        container[Columns.pityCount] = pityCount
        container[Columns.drawsDay] = drawsDay
        container[Columns.drawsToday] = drawsToday
        container[Columns.updatedAt] = updatedAt
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension UserInventoryRecord {
    public enum Columns {
        static let inventoryId = Column("inventory_id")
        static let userId = Column("user_id")
        static let name = Column("name")
        static let type = Column("type")
        static let value = Column("value")
        static let status = Column("status")
        static let sourceType = Column("source_type")
        static let referenceId = Column("reference_id")
        static let acquiredAt = Column("acquired_at")
        static let expiresAt = Column("expires_at")
        static let usedAt = Column("used_at")
        static let verificationCode = Column("verification_code")
        static let transferCount = Column("transfer_count")
        static let maxTransfers = Column("max_transfers")
    }

    public init(row: Row) throws {
        inventoryId = row[Columns.inventoryId]
        userId = row[Columns.userId]
        name = row[Columns.name]
        type = row[Columns.type]
        value = row[Columns.value]
        status = row[Columns.status]
        sourceType = row[Columns.sourceType]
        referenceId = row[Columns.referenceId]
        acquiredAt = row[Columns.acquiredAt]
        expiresAt = row[Columns.expiresAt]
        usedAt = row[Columns.usedAt]
        verificationCode = row[Columns.verificationCode]
        transferCount = row[Columns.transferCount]
        maxTransfers = row[Columns.maxTransfers]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.inventoryId] = inventoryId
        container[Columns.userId] = userId
        container[Columns.name] = name
        container[Columns.type] = type
        container[Columns.value] = value
        container[Columns.status] = status
        container[Columns.sourceType] = sourceType
        container[Columns.referenceId] = referenceId
        container[Columns.acquiredAt] = acquiredAt
        container[Columns.expiresAt] = expiresAt
        container[Columns.usedAt] = usedAt
        container[Columns.verificationCode] = verificationCode
        container[Columns.transferCount] = transferCount
        container[Columns.maxTransfers] = maxTransfers
    }
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
