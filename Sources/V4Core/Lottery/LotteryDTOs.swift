/// V4 lottery payloads: [B]'s sanitised shapes, plus the extensions the legacy wheel needs
/// (marked). See Docs/v4-contract.md.

/// A prize as a normal user may see it ([B] `sanitizePrizes`): no probability, stock or cost.
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

    enum CodingKeys: String, CodingKey {
        case prizeId = "prize_id", prizeName = "prize_name", prizeType = "prize_type", winProbability = "win_probability"
        case stockQuantity = "stock_quantity", prizeValue = "prize_value", costPoints = "cost_points"
        case maxDailyWins = "max_daily_wins", dailyWinCount = "daily_win_count", status, icon, angle, color
        case sortOrder = "sort_order"
    }
}

/// `GET lottery/config/:campaignCode`.
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
    }

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
public struct V4DrawResult: Codable, Sendable, Equatable {
    public var success: Bool
    public var campaignCode: String
    public var prizes: [V4PublicPrize]
    public var remainingBalance: Int
    public var drawCount: Int
    public var draws: [Draw]
    public var totalCost: Int
    public var pity: Pity
    public var todayDrawCount: Int
    public var maxDrawsPerDay: Int

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
public struct V4LotteryHistory: Codable, Sendable, Equatable {
    public var records: [Record]
    public var pagination: V4Pagination

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
