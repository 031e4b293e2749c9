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
