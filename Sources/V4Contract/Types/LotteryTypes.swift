import BridgeKit

/// V4 lottery payloads: [B]'s sanitised shapes, plus the extensions the legacy wheel needs
/// (marked). See Docs/v4-contract.md.

/// A prize as a normal user may see it ([B] `sanitizePrizes`): no probability, stock or cost.
@PublicInit
public struct V4PublicPrize: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var type: String
    public var icon: String?
    public var rarity: String
    public var available: Bool
    public var displayValue: String
    public var status: String
    /// Extensions: the wheel segment and the prize's nominal value.
    public var angle: Int?
    public var color: String?
    public var sortOrder: Int?
    public var value: Int?
    public var valueText: String?

    enum CodingKeys: String, CodingKey {
        case id, name, type, icon, rarity, available, status, angle, color, value
        case displayValue = "display_value", sortOrder = "sort_order", valueText = "value_text"
    }
}

/// A prize with everything, for admins ([B] `dataLevel='full'`).
public struct V4FullPrize: Codable, Sendable, Equatable {
    public var prizeId: Int64
    public var prizeName: String
    public var prizeType: String
    public var winProbability: Double
    public var stockQuantity: Int?
    public var prizeValue: Int
    public var costPoints: Int
    public var maxDailyWins: Int?
    public var dailyWinCount: Int
    public var status: String
    public var icon: String?
    public var angle: Int?
    public var color: String?
    public var sortOrder: Int
    /// Extension: the nominal value as the legacy docs print it (`"98.00"`).
    public var valueText: String?

    enum CodingKeys: String, CodingKey {
        case valueText = "value_text"
        case prizeId = "prize_id", prizeName = "prize_name", prizeType = "prize_type", winProbability = "win_probability"
        case stockQuantity = "stock_quantity", prizeValue = "prize_value", costPoints = "cost_points"
        case maxDailyWins = "max_daily_wins", dailyWinCount = "daily_win_count", status, icon, angle, color
        case sortOrder = "sort_order"
    }

    public init(prizeId: Int64, prizeName: String, prizeType: String, winProbability: Double, stockQuantity: Int? = nil, prizeValue: Int, costPoints: Int, maxDailyWins: Int? = nil, dailyWinCount: Int, status: String, icon: String? = nil, angle: Int? = nil, color: String? = nil, sortOrder: Int, valueText: String? = nil) {
        self.valueText = valueText
        self.prizeId = prizeId
        self.prizeName = prizeName
        self.prizeType = prizeType
        self.winProbability = winProbability
        self.stockQuantity = stockQuantity
        self.prizeValue = prizeValue
        self.costPoints = costPoints
        self.maxDailyWins = maxDailyWins
        self.dailyWinCount = dailyWinCount
        self.status = status
        self.icon = icon
        self.angle = angle
        self.color = color
        self.sortOrder = sortOrder
    }
}

/// `GET lottery/config/:campaignCode`.
@PublicInit
public struct V4LotteryConfig: Codable, Sendable, Equatable {
    public var campaignId: Int64
    public var campaignCode: String
    public var campaignName: String
    public var status: String
    public var drawCost: Int
    public var maxDrawsPerDay: Int
    public var guaranteeInfo: GuaranteeInfo
    /// Extension: the caller's own counters.
    public var userState: UserState?

    public struct GuaranteeInfo: Codable, Sendable, Equatable {
        public var exists: Bool
        public var description: String
        /// Extensions: what the legacy wheel shows ("10次保底，九八折券").
        public var limit: Int?
        public var prizeName: String?
        enum CodingKeys: String, CodingKey { case exists, description, limit, prizeName = "prize_name" }

        public init(exists: Bool, description: String, limit: Int? = nil, prizeName: String? = nil) {
            self.exists = exists
            self.description = description
            self.limit = limit
            self.prizeName = prizeName
        }
    }

    @PublicInit
    public struct UserState: Codable, Sendable, Equatable {
        public var pityCount: Int
        public var pityRemaining: Int
        public var todayDrawCount: Int
        public var remainingDrawsToday: Int
        enum CodingKeys: String, CodingKey {
            case pityCount = "pity_count", pityRemaining = "pity_remaining", todayDrawCount = "today_draw_count"
            case remainingDrawsToday = "remaining_draws_today"
        }
    }

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id", campaignCode = "campaign_code", campaignName = "campaign_name", status
        case drawCost = "draw_cost", maxDrawsPerDay = "max_draws_per_day", guaranteeInfo = "guarantee_info"
        case userState = "user_state"
    }
}

/// One entry of `GET lottery/campaigns` ([B]: `data` is an array of these).
@PublicInit
public struct V4Campaign: Codable, Sendable, Equatable {
    public var campaignId: Int64
    public var campaignCode: String
    public var campaignName: String
    public var status: String
    public var drawCost: Int
    public var maxDrawsPerDay: Int
    public var startTime: String?
    public var endTime: String?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id", campaignCode = "campaign_code", campaignName = "campaign_name", status
        case drawCost = "draw_cost", maxDrawsPerDay = "max_draws_per_day", startTime = "start_time", endTime = "end_time"
        case description
    }
}

/// `POST lottery/draw`: [B]'s `{campaign_code, prizes, remaining_balance, draw_count}` plus the
/// extension `draws` (one per draw, in order), the pity counter and today's count.
@PublicInit
public struct V4DrawResult: Codable, Sendable, Equatable {
    public var success: Bool
    public var campaignCode: String
    public var prizes: [V4PublicPrize]
    public var remainingBalance: Int
    public var drawCount: Int
    public var draws: [Draw]
    /// Extensions (nil when V4 did not send them: 003's draw answer has none of them).
    public var totalCost: Int?
    public var pity: Pity?
    public var todayDrawCount: Int?
    public var maxDrawsPerDay: Int?

    @PublicInit
    public struct Draw: Codable, Sendable, Equatable {
        public var drawId: String
        public var sequence: Int
        public var prize: V4PublicPrize
        /// The guarantee awarded this prize.
        public var pityTriggered: Bool
        /// Counter after this draw.
        public var pityCount: Int
        public var rewardPoints: Int
        public var isNearMiss: Bool
        enum CodingKeys: String, CodingKey {
            case drawId = "draw_id", sequence, prize, pityTriggered = "pity_triggered", pityCount = "pity_count"
            case rewardPoints = "reward_points", isNearMiss = "is_near_miss"
        }
    }

    @PublicInit
    public struct Pity: Codable, Sendable, Equatable {
        public var enabled: Bool
        public var count: Int
        public var limit: Int
        public var remaining: Int
    }

    enum CodingKeys: String, CodingKey {
        case success, campaignCode = "campaign_code", prizes, remainingBalance = "remaining_balance"
        case drawCount = "draw_count", draws, totalCost = "total_cost", pity, todayDrawCount = "today_draw_count"
        case maxDrawsPerDay = "max_draws_per_day"
    }
}

/// `GET lottery/history/:user_id`.
@PublicInit
public struct V4LotteryHistory: Codable, Sendable, Equatable {
    public var records: [Record]
    public var pagination: V4Pagination

    @PublicInit
    public struct Record: Codable, Sendable, Equatable {
        public var id: Int64
        public var drawId: String
        public var campaignId: Int64
        public var campaignName: String?
        public var prizeId: Int64?
        public var prizeName: String?
        public var prizeType: String?
        public var prizeValue: Int
        public var drawType: String
        public var pointsCost: Int
        public var isPity: Bool
        public var isNearMiss: Bool
        public var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, drawId = "draw_id", campaignId = "campaign_id", campaignName = "campaign_name", prizeId = "prize_id"
            case prizeName = "prize_name", prizeType = "prize_type", prizeValue = "prize_value", drawType = "draw_type"
            case pointsCost = "points_cost", isPity = "is_pity", isNearMiss = "is_near_miss", createdAt = "created_at"
        }
    }
}

/// `GET lottery/statistics/:user_id` (listed in [B] without a shape; this is the core's).
@PublicInit
public struct V4LotteryStatistics: Codable, Sendable, Equatable {
    public var userId: Int64
    public var totalDraws: Int
    public var totalPointsSpent: Int
    public var totalPointsWon: Int
    public var prizeDistribution: [String: Int]
    public var drawTypeCounts: [String: Int]
    public var lastDrawTime: String?
    public var pity: V4DrawResult.Pity

    enum CodingKeys: String, CodingKey {
        case userId = "user_id", totalDraws = "total_draws", totalPointsSpent = "total_points_spent"
        case totalPointsWon = "total_points_won", prizeDistribution = "prize_distribution"
        case drawTypeCounts = "draw_type_counts", lastDrawTime = "last_draw_time", pity
    }
}

extension V4PublicPrize {
    /// [B] `sanitizePrizes`: what a normal user may see of a prize. Rarity replaces the
    /// probability in coarse bands, a value band replaces the value's meaning; no stock, cost or
    /// probability. The core answers users with this; the bridge applies it to an admin's full
    /// list, so a legacy client never sees more than a user would.
    public init(sanitizing prize: V4FullPrize, available: Bool) {
        let rarity =
            switch prize.winProbability {
            case 0.2...: "common"
            case 0.05..<0.2: "uncommon"
            case 0.0001..<0.05: "rare"
            default: "legendary"
            }
        let display =
            switch prize.prizeValue {
            case 100...: "高价值"
            case 50..<100: "中价值"
            default: "基础价值"
            }
        self.init(
            id: prize.prizeId, name: prize.prizeName, type: prize.prizeType, icon: prize.icon, rarity: rarity,
            available: available, displayValue: display, status: prize.status, angle: prize.angle, color: prize.color,
            sortOrder: prize.sortOrder, value: prize.prizeValue, valueText: prize.valueText)
    }

    /// Sanitises a full prize whose availability is read from its status and stock.
    public init(sanitizing prize: V4FullPrize) {
        let inStock = prize.stockQuantity.map { $0 > 0 } ?? true
        self.init(sanitizing: prize, available: prize.status == "active" && inStock)
    }
}

/// `GET lottery/prizes/:campaignCode`: the public shape for users, the full one for admins
/// ([B] `dataLevel`). Either arrives as a bare list or wrapped (`{"prizes": [...]}`); a list
/// whose rows carry `prize_id` is the full shape.
public enum V4PrizeList: Codable, Sendable, Equatable {
    case `public`([V4PublicPrize])
    case full([V4FullPrize])

    /// What a legacy client may be shown, whichever shape V4 sent.
    public var sanitized: [V4PublicPrize] {
        switch self {
        case .public(let prizes): prizes
        case .full(let prizes): prizes.map { V4PublicPrize(sanitizing: $0) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .public(let prizes): try container.encode(prizes)
        case .full(let prizes): try container.encode(prizes)
        }
    }

    public init(from decoder: any Decoder) throws {
        let rows = try V4ListPayload<JSONValue>(from: decoder).items
        if rows.contains(where: { $0["prize_id"] != nil }) {
            self = .full(try V4ListPayload<V4FullPrize>(from: decoder).items)
        } else {
            self = .public(try V4ListPayload<V4PublicPrize>(from: decoder).items)
        }
    }
}
