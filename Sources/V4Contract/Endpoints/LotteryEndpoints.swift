import BridgeKit
/// `lottery/...` ([B]): campaigns, prizes, config, draw, history, statistics.
extension V4API {
    public enum Lottery {
        public static let campaigns = V4Endpoint<V4CampaignsQuery, V4ListPayload<V4Campaign>>(
            "lottery.campaigns", .get, "lottery/campaigns", access: .bearer, code: "CAMPAIGNS_SUCCESS", message: "活动列表获取成功")
        /// Public prizes for users, full ones for admins (`V4PrizeList`).
        public static let prizes = V4Endpoint<V4CampaignPath, V4PrizeList>(
            "lottery.prizes", .get, "lottery/prizes/:campaignCode", access: .bearer, code: "PRIZES_SUCCESS", message: "奖品列表获取成功")
        public static let config = V4Endpoint<V4CampaignPath, V4LotteryConfig>(
            "lottery.config", .get, "lottery/config/:campaignCode", access: .bearer, code: "CONFIG_SUCCESS", message: "抽奖配置获取成功")
        /// Not idempotent: a transport sends it once and never retries.
        public static let draw = V4Endpoint<V4DrawRequest, V4DrawResult>(
            "lottery.draw", .post, "lottery/draw", access: .bearer, code: "DRAW_SUCCESS", message: "抽奖成功"
        ).raising { result, context in context.userId.map { V4Event.afterDraw(result, userId: $0, at: context.now) } ?? [] }
        public static let history = V4Endpoint<V4LotteryHistoryQuery, V4LotteryHistory>(
            "lottery.history", .get, "lottery/history/:user_id", access: .bearer, code: "HISTORY_SUCCESS", message: "抽奖历史获取成功")
        public static let statistics = V4Endpoint<V4LotteryStatisticsQuery, V4LotteryStatistics>(
            "lottery.statistics", .get, "lottery/statistics/:user_id", access: .bearer, code: "STATISTICS_SUCCESS",
            message: "抽奖统计获取成功")

        static let all: [any V4EndpointDescription] = [campaigns, prizes, config, draw, history, statistics]
    }
}

public struct V4CampaignsQuery: V4FieldInput, Equatable {
    public var status: String?

    public init() {}
    public init(status: String?) { self.status = status }

    public static let fields: [V4Field<Self>] = [.query(\.status, "status")]
}

/// `lottery/draw {campaign_code | campaign_id, draw_count (1…10, default 1), draw_type}`.
@PublicInit
public struct V4DrawRequest: V4FieldInput, Equatable {
    public var campaignCode: String?
    public var campaignId: Int64?
    public var drawCount = 1
    public var drawType: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [
        .body(\.campaignCode, "campaign_code"), .body(\.campaignId, "campaign_id"), .body(\.drawCount, "draw_count"),
        .body(\.drawType, "draw_type"),
    ]

    /// `single` 1, `triple` 3, `quintuple` 5, `decade` 10 (the D0 names); other counts `multi`.
    public static func drawType(forCount count: Int) -> String {
        switch count {
        case 1: "single"
        case 3: "triple"
        case 5: "quintuple"
        case 10: "decade"
        default: "multi"
        }
    }

    /// `draw_type` is recorded and echoed, so it is one of the names and says what was drawn:
    /// a 3-draw request cannot be stored as `single`, nor a 200,000-character name.
    public func validate() throws(V4Error) {
        if let campaignCode, campaignCode.isEmpty || campaignCode.utf8.count > 64 {
            throw V4Error(.invalidParameter, "campaign_code 无效")
        }
        if let drawType, drawType != Self.drawType(forCount: drawCount) {
            throw V4Error(.invalidParameter, "draw_type 与 draw_count 不符（\(drawCount)次为\(Self.drawType(forCount: drawCount))）")
        }
    }
}

public struct V4LotteryHistoryQuery: V4FieldInput, Equatable {
    public var userId: Int64 = 0
    public var page = V4PageQuery(page: 1, limit: 20)
    public var drawType: String?
    public var prizeType: String?

    public init() {}
    public init(userId: Int64, page: V4PageQuery, drawType: String? = nil, prizeType: String? = nil) {
        self.userId = userId
        self.page = page
        self.drawType = drawType
        self.prizeType = prizeType
    }

    public static let fields: [V4Field<Self>] = [
        .path(\.userId, "user_id"), .page(\.page), .query(\.drawType, "draw_type"), .query(\.prizeType, "prize_type"),
    ]

    public func validate() throws(V4Error) { try page.validate() }
}

public struct V4LotteryStatisticsQuery: V4FieldInput, Equatable {
    public var userId: Int64 = 0
    public var campaignCode: String?

    public init() {}
    public init(userId: Int64, campaignCode: String?) {
        self.userId = userId
        self.campaignCode = campaignCode
    }

    public static let fields: [V4Field<Self>] = [.path(\.userId, "user_id"), .query(\.campaignCode, "campaign_code")]
}
