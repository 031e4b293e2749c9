import BridgeKit
import V4Contract
import GRDB

/// A row of `lottery_campaigns` (V4 §5.6 plus `campaign_code`).
public struct LotteryCampaignRecord: V4Record, Equatable {
    public static let databaseTableName = "lottery_campaigns"
    public var campaignId: Int64?
    public var campaignCode: String
    public var campaignName: String
    public var status: ActiveStatus
    public var drawCost: Int
    public var maxDrawsPerDay: Int
    public var startTime: Date?
    public var endTime: Date?
    public var guaranteeRule: String?
    public var description: String?
    public var createdAt: Date

    public init(
        campaignId: Int64? = nil, campaignCode: String, campaignName: String, status: ActiveStatus, drawCost: Int,
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
public struct LotteryPrizeRecord: V4Record, Equatable {
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
    public var status: ActiveStatus
    public var icon: String?
    public var angle: Int?
    public var color: String?
    public var sortOrder: Int
    public var valueText: String?

    public init(
        prizeId: Int64? = nil, campaignId: Int64, prizeName: String, prizeType: String, winProbability: Double,
        stockQuantity: Int?, prizeValue: Int, costPoints: Int, maxDailyWins: Int?, dailyWinCount: Int, dailyWinDate: String?,
        status: ActiveStatus, icon: String?, angle: Int?, color: String?, sortOrder: Int, valueText: String?
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

extension LotteryCampaignRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case campaignId = "campaign_id", campaignCode = "campaign_code", campaignName = "campaign_name", status,
            drawCost = "draw_cost", maxDrawsPerDay = "max_draws_per_day", startTime = "start_time",
            endTime = "end_time", guaranteeRule = "guarantee_rule", description, createdAt = "created_at"
    }
    public typealias Columns = CodingKeys

    /// The columns in the order `init(orderedRow:)` reads them. The draw's statements select
    /// exactly these and read them by position: a read by name lower-cases the name and looks it
    /// up for every column of every row, which was ~5 % of the draw's writer thread.
    static let ordered: [CodingKeys] = [
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

}

extension LotteryPrizeRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case prizeId = "prize_id", campaignId = "campaign_id", prizeName = "prize_name", prizeType = "prize_type",
            winProbability = "win_probability", stockQuantity = "stock_quantity", prizeValue = "prize_value",
            costPoints = "cost_points", maxDailyWins = "max_daily_wins", dailyWinCount = "daily_win_count",
            dailyWinDate = "daily_win_date", status, icon, angle, color, sortOrder = "sort_order",
            valueText = "value_text"
    }
    public typealias Columns = CodingKeys

    /// The columns in the order `init(orderedRow:)` reads them (see `LotteryCampaignRecord.ordered`).
    static let ordered: [CodingKeys] = [
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

}

extension LotteryPrizeRecord {
    /// Writes what a draw changes on a prize (stock and today's wins) through a cached statement.
    public func updateWins(in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE lottery_prizes SET stock_quantity = ?, daily_win_count = ?, daily_win_date = ? WHERE prize_id = ?
            """).execute(arguments: [stockQuantity, dailyWinCount, dailyWinDate, prizeId])
    }
}
