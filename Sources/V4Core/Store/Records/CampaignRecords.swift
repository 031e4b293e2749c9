import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `lottery_campaigns` (V4 §5.6 plus `campaign_code`).
public struct LotteryCampaignRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "lottery_campaigns"
    public var campaignId: Int64?
    public var campaignCode: String
    public var campaignName: String
    public var status: String
    public var drawCost: Int
    public var maxDrawsPerDay: Int
    public var startTime: Date?
    public var endTime: Date?
    public var guaranteeRule: String?
    public var description: String?
    public var createdAt: Date

    public init(
        campaignId: Int64? = nil, campaignCode: String, campaignName: String, status: String, drawCost: Int,
        maxDrawsPerDay: Int, startTime: Date?, endTime: Date?, guaranteeRule: String?, description: String?, createdAt: Date
    ) {
        self.campaignId = campaignId
        self.campaignCode = campaignCode
        self.campaignName = campaignName
        self.status = status
        self.drawCost = drawCost
        self.maxDrawsPerDay = maxDrawsPerDay
        self.startTime = startTime
        self.endTime = endTime
        self.guaranteeRule = guaranteeRule
        self.description = description
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { campaignId = inserted.rowID }
}

/// A row of `lottery_prizes` (V4 §5.7 plus the wheel's angle, colour and order).
public struct LotteryPrizeRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "lottery_prizes"
    public var prizeId: Int64?
    public var campaignId: Int64
    public var prizeName: String
    public var prizeType: String
    public var winProbability: Double
    public var stockQuantity: Int?
    public var prizeValue: Int
    public var costPoints: Int
    public var maxDailyWins: Int?
    public var dailyWinCount: Int
    public var dailyWinDate: String?
    public var status: String
    public var icon: String?
    public var angle: Int?
    public var color: String?
    public var sortOrder: Int
    public var valueText: String?

    public init(
        prizeId: Int64? = nil, campaignId: Int64, prizeName: String, prizeType: String, winProbability: Double,
        stockQuantity: Int?, prizeValue: Int, costPoints: Int, maxDailyWins: Int?, dailyWinCount: Int, dailyWinDate: String?,
        status: String, icon: String?, angle: Int?, color: String?, sortOrder: Int, valueText: String?
    ) {
        self.prizeId = prizeId
        self.campaignId = campaignId
        self.prizeName = prizeName
        self.prizeType = prizeType
        self.winProbability = winProbability
        self.stockQuantity = stockQuantity
        self.prizeValue = prizeValue
        self.costPoints = costPoints
        self.maxDailyWins = maxDailyWins
        self.dailyWinCount = dailyWinCount
        self.dailyWinDate = dailyWinDate
        self.status = status
        self.icon = icon
        self.angle = angle
        self.color = color
        self.sortOrder = sortOrder
        self.valueText = valueText
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { prizeId = inserted.rowID }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension LotteryCampaignRecord {
    public enum Columns {
        static let campaignId = Column("campaign_id")
        static let campaignCode = Column("campaign_code")
        static let campaignName = Column("campaign_name")
        static let status = Column("status")
        static let drawCost = Column("draw_cost")
        static let maxDrawsPerDay = Column("max_draws_per_day")
        static let startTime = Column("start_time")
        static let endTime = Column("end_time")
        static let guaranteeRule = Column("guarantee_rule")
        static let description = Column("description")
        static let createdAt = Column("created_at")
    }

    /// The columns in the order `init(orderedRow:)` reads them. The draw's statements select
    /// exactly these and read them by position: a read by name lower-cases the name and looks it
    /// up for every column of every row, which was ~5 % of the draw's writer thread.
    static let ordered: [Column] = [
        Columns.campaignId, Columns.campaignCode, Columns.campaignName, Columns.status, Columns.drawCost,
        Columns.maxDrawsPerDay, Columns.startTime, Columns.endTime, Columns.guaranteeRule, Columns.description,
        Columns.createdAt,
    ]
    static let orderedSelection = ordered.map(\.name).joined(separator: ", ")

    init(orderedRow row: Row) {
        campaignId = row[0]
        campaignCode = row[1]
        campaignName = row[2]
        status = row[3]
        drawCost = row[4]
        maxDrawsPerDay = row[5]
        startTime = row[6]
        endTime = row[7]
        guaranteeRule = row[8]
        description = row[9]
        createdAt = row[10]
    }

    public init(row: Row) throws {
        campaignId = row[Columns.campaignId]
        campaignCode = row[Columns.campaignCode]
        campaignName = row[Columns.campaignName]
        status = row[Columns.status]
        drawCost = row[Columns.drawCost]
        maxDrawsPerDay = row[Columns.maxDrawsPerDay]
        startTime = row[Columns.startTime]
        endTime = row[Columns.endTime]
        guaranteeRule = row[Columns.guaranteeRule]
        description = row[Columns.description]
        createdAt = row[Columns.createdAt]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.campaignId] = campaignId
        container[Columns.campaignCode] = campaignCode
        container[Columns.campaignName] = campaignName
        container[Columns.status] = status
        container[Columns.drawCost] = drawCost
        container[Columns.maxDrawsPerDay] = maxDrawsPerDay
        container[Columns.startTime] = startTime
        container[Columns.endTime] = endTime
        container[Columns.guaranteeRule] = guaranteeRule
        container[Columns.description] = description
        container[Columns.createdAt] = createdAt
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension LotteryPrizeRecord {
    public enum Columns {
        static let prizeId = Column("prize_id")
        static let campaignId = Column("campaign_id")
        static let prizeName = Column("prize_name")
        static let prizeType = Column("prize_type")
        static let winProbability = Column("win_probability")
        static let stockQuantity = Column("stock_quantity")
        static let prizeValue = Column("prize_value")
        static let costPoints = Column("cost_points")
        static let maxDailyWins = Column("max_daily_wins")
        static let dailyWinCount = Column("daily_win_count")
        static let dailyWinDate = Column("daily_win_date")
        static let status = Column("status")
        static let icon = Column("icon")
        static let angle = Column("angle")
        static let color = Column("color")
        static let sortOrder = Column("sort_order")
        static let valueText = Column("value_text")
    }

    /// The columns in the order `init(orderedRow:)` reads them (see `LotteryCampaignRecord.ordered`).
    static let ordered: [Column] = [
        Columns.prizeId, Columns.campaignId, Columns.prizeName, Columns.prizeType, Columns.winProbability,
        Columns.stockQuantity, Columns.prizeValue, Columns.costPoints, Columns.maxDailyWins, Columns.dailyWinCount,
        Columns.dailyWinDate, Columns.status, Columns.icon, Columns.angle, Columns.color, Columns.sortOrder,
        Columns.valueText,
    ]
    static let orderedSelection = ordered.map(\.name).joined(separator: ", ")

    init(orderedRow row: Row) {
        prizeId = row[0]
        campaignId = row[1]
        prizeName = row[2]
        prizeType = row[3]
        winProbability = row[4]
        stockQuantity = row[5]
        prizeValue = row[6]
        costPoints = row[7]
        maxDailyWins = row[8]
        dailyWinCount = row[9]
        dailyWinDate = row[10]
        status = row[11]
        icon = row[12]
        angle = row[13]
        color = row[14]
        sortOrder = row[15]
        valueText = row[16]
    }

    public init(row: Row) throws {
        prizeId = row[Columns.prizeId]
        campaignId = row[Columns.campaignId]
        prizeName = row[Columns.prizeName]
        prizeType = row[Columns.prizeType]
        winProbability = row[Columns.winProbability]
        stockQuantity = row[Columns.stockQuantity]
        prizeValue = row[Columns.prizeValue]
        costPoints = row[Columns.costPoints]
        maxDailyWins = row[Columns.maxDailyWins]
        dailyWinCount = row[Columns.dailyWinCount]
        dailyWinDate = row[Columns.dailyWinDate]
        status = row[Columns.status]
        icon = row[Columns.icon]
        angle = row[Columns.angle]
        color = row[Columns.color]
        sortOrder = row[Columns.sortOrder]
        valueText = row[Columns.valueText]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.prizeId] = prizeId
        container[Columns.campaignId] = campaignId
        container[Columns.prizeName] = prizeName
        container[Columns.prizeType] = prizeType
        container[Columns.winProbability] = winProbability
        container[Columns.stockQuantity] = stockQuantity
        container[Columns.prizeValue] = prizeValue
        container[Columns.costPoints] = costPoints
        container[Columns.maxDailyWins] = maxDailyWins
        container[Columns.dailyWinCount] = dailyWinCount
        container[Columns.dailyWinDate] = dailyWinDate
        container[Columns.status] = status
        container[Columns.icon] = icon
        container[Columns.angle] = angle
        container[Columns.color] = color
        container[Columns.sortOrder] = sortOrder
        container[Columns.valueText] = valueText
    }
}

extension LotteryPrizeRecord {
    /// Writes what a draw changes on a prize (stock and today's wins) through a cached statement.
    public func updateWins(in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE lottery_prizes SET stock_quantity = ?, daily_win_count = ?, daily_win_date = ? WHERE prize_id = ?
            """).execute(arguments: [stockQuantity, dailyWinCount, dailyWinDate, prizeId])
    }
}
