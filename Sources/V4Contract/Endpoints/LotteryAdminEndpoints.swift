import BridgeKit

/// `admin/lottery/campaigns/:campaignId/…` ([B] §3.8): switching a campaign on or off (003
/// L3755-3790), and the core's extension that changes its draw cost and its prizes' weights in
/// one audited transaction (what D1-V1's `PUT /api/v1/merchant/lottery/config` needs).
extension V4API {
    public enum LotteryAdmin {
        /// 003 L3762: `{status: active|inactive}` → `{campaign_id, status, updated_at}`.
        public static let campaignStatus = V4Endpoint<V4CampaignStatusRequest, V4CampaignStatusChange>(
            "admin.campaign_status", .put, "admin/lottery/campaigns/:campaignId/status", access: .bearer,
            code: "CAMPAIGN_STATUS_UPDATED", message: "活动状态更新成功")
        /// Extension: `{status?, draw_cost?, prizes?[{prize_id, win_probability}], reason?}`, all
        /// applied or none, one audit row per value changed.
        public static let campaignConfig = V4Endpoint<V4CampaignConfigRequest, V4CampaignConfigChange>(
            "admin.campaign_config", .put, "admin/lottery/campaigns/:campaignId/config", access: .bearer,
            code: "CAMPAIGN_CONFIG_UPDATED", message: "活动配置更新成功")

        static let all: [any V4EndpointDescription] = [campaignStatus, campaignConfig]
    }
}

/// `PUT admin/lottery/campaigns/:campaignId/status {status}` (003 L3762-3772).
public struct V4CampaignStatusRequest: V4FieldInput, Equatable {
    public var campaignId: Int64 = 0
    public var status: String?

    public init() {}
    public init(campaignId: Int64, status: String) {
        self.campaignId = campaignId
        self.status = status
    }

    public static let fields: [V4Field<Self>] = [.path(\.campaignId, "campaignId"), .body(\.status, "status")]

    public func validate() throws(V4Error) {
        guard let status else { throw V4Error(.missingParameter, "缺少必需参数 status") }
        guard status == "active" || status == "inactive" else { throw V4Error(.invalidParameter, "参数 status 无效") }
    }
}

/// 003 L3776-3787.
public struct V4CampaignStatusChange: Codable, Sendable, Equatable {
    public var campaignId: Int64
    public var status: String
    public var updatedAt: String?

    public init(campaignId: Int64, status: String, updatedAt: String?) {
        self.campaignId = campaignId
        self.status = status
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey { case campaignId = "campaign_id", status, updatedAt = "updated_at" }
}

/// One prize's new weight: `win_probability` a fraction 0…1, as V4's prize rows hold it.
public struct V4PrizeWeight: Codable, Sendable, Equatable {
    public var prizeId: Int64
    public var winProbability: Double

    public init(prizeId: Int64, winProbability: Double) {
        self.prizeId = prizeId
        self.winProbability = winProbability
    }

    enum CodingKeys: String, CodingKey { case prizeId = "prize_id", winProbability = "win_probability" }
}

/// `PUT admin/lottery/campaigns/:campaignId/config` (extension). Absent fields stay as they are.
public struct V4CampaignConfigRequest: V4FieldInput, Equatable {
    public static let maxDrawCost = 100_000

    public var campaignId: Int64 = 0
    public var status: String?
    public var drawCost: Int?
    public var prizes: [V4PrizeWeight]?
    /// Kept in the audit rows.
    public var reason: String?

    public init() {}
    public init(campaignId: Int64, status: String? = nil, drawCost: Int? = nil, prizes: [V4PrizeWeight]? = nil, reason: String? = nil) {
        self.campaignId = campaignId
        self.status = status
        self.drawCost = drawCost
        self.prizes = prizes
        self.reason = reason
    }

    public static let fields: [V4Field<Self>] = [
        .path(\.campaignId, "campaignId"), .body(\.status, "status"), .body(\.drawCost, "draw_cost"),
        V4Field(
            read: { (input, value) throws(V4Error) in
                switch input.body["prizes"] {
                case nil, .null?: value.prizes = nil
                case .array(let items)?:
                    var weights: [V4PrizeWeight] = []
                    for item in items {
                        guard let id = item["prize_id"]?.intValue, id > 0, let weight = item["win_probability"]?.doubleValue else {
                            throw V4Error(.invalidParameter, "prizes 每项需要 prize_id 和 win_probability")
                        }
                        weights.append(V4PrizeWeight(prizeId: id, winProbability: weight))
                    }
                    value.prizes = weights
                default: throw V4Error(.invalidParameter, "参数 prizes 必须是数组")
                }
            },
            write: { value, input in
                guard let prizes = value.prizes else { return }
                input.body["prizes"] = .array(prizes.map { .object(["prize_id": .int($0.prizeId), "win_probability": .double($0.winProbability)]) })
            }),
        .body(\.reason, "reason"),
    ]

    public func validate() throws(V4Error) {
        if let status, status != "active", status != "inactive" { throw V4Error(.invalidParameter, "参数 status 无效") }
        if let drawCost, !(0...Self.maxDrawCost).contains(drawCost) {
            throw V4Error(.invalidParameter, "draw_cost 必须在0-\(Self.maxDrawCost)之间")
        }
        if let prizes {
            guard !prizes.isEmpty, prizes.count <= 100 else { throw V4Error(.invalidParameter, "prizes 须为1-100项") }
            guard Set(prizes.map(\.prizeId)).count == prizes.count else { throw V4Error(.invalidParameter, "prizes 中奖品重复") }
            for prize in prizes where !(prize.winProbability.isFinite && (0...1).contains(prize.winProbability)) {
                throw V4Error(.invalidParameter, "win_probability 必须在0-1之间")
            }
        }
        if let reason, reason.count > 200 { throw V4Error(.invalidParameter, "reason 不能超过200个字符") }
        guard status != nil || drawCost != nil || prizes != nil else { throw V4Error(.missingParameter, "没有要更新的配置") }
    }
}

/// What the configuration change left: the campaign's status and cost, every prize's weight,
/// which prizes changed, who changed it, and how many audit rows it wrote.
public struct V4CampaignConfigChange: Codable, Sendable, Equatable {
    public var campaignId: Int64
    public var status: String
    public var drawCost: Int
    public var prizes: [V4PrizeWeight]
    public var changedPrizes: [Int64]
    public var updatedAt: String
    public var updatedBy: Int64
    public var auditEntries: Int

    public init(
        campaignId: Int64, status: String, drawCost: Int, prizes: [V4PrizeWeight], changedPrizes: [Int64], updatedAt: String,
        updatedBy: Int64, auditEntries: Int
    ) {
        self.campaignId = campaignId
        self.status = status
        self.drawCost = drawCost
        self.prizes = prizes
        self.changedPrizes = changedPrizes
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.auditEntries = auditEntries
    }

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id", status, drawCost = "draw_cost", prizes, changedPrizes = "changed_prizes"
        case updatedAt = "updated_at", updatedBy = "updated_by", auditEntries = "audit_entries"
    }
}
