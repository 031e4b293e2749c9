import BridgeKit

// What the bridge reads of V4's lottery answers: the keys seed 003 shows are required, the
// rest (our core's extensions) are read when present and otherwise derived from documented
// data or left neutral, each noted as a gap (`V4DecodingGaps`, Mappings/degradation.yaml).

extension V4PublicPrize {
    /// 003 L1451-1485 (list: `id, name, type, icon, rarity, available, display_value, status`);
    /// the draw's prizes (L1625-1652) lack `available` and `status`, the flow example (L404-418)
    /// `display_value` too.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4PublicPrize"
        self.init(
            id: try c.decode(Int64.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            type: try c.decode(String.self, forKey: .type), icon: try c.decodeIfPresent(String.self, forKey: .icon),
            rarity: try c.lenient(String.self, .rarity, of: owner, "common"),
            available: try c.decodeIfPresent(Bool.self, forKey: .available) ?? true,
            displayValue: try c.decodeIfPresent(String.self, forKey: .displayValue) ?? "",
            status: try c.decodeIfPresent(String.self, forKey: .status) ?? "active",
            angle: try c.optional(Int.self, .angle, of: owner), color: try c.optional(String.self, .color, of: owner),
            sortOrder: try c.optional(Int.self, .sortOrder, of: owner), value: try c.optional(Int.self, .value, of: owner),
            valueText: try c.optional(String.self, .valueText, of: owner))
    }

    /// The points a prize gives: its `value` when V4 sent one, else the number its name starts
    /// with for a points prize (003's prizes are named `100积分`), else 0.
    public var pointsValue: Int {
        guard type == "points" else { return 0 }
        if let value { return value }
        return Int(String(name.prefix { $0.isNumber })) ?? 0
    }
}

extension V4FullPrize {
    /// 003 L1487-1506 (an admin's list: `prize_id, prize_name, prize_type, win_probability,
    /// stock_quantity, prize_value, cost_points, max_daily_wins, daily_win_count, status, icon`);
    /// the wheel's `angle`, `color`, `sort_order` and `value_text` are our core's extensions.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4FullPrize"
        self.init(
            prizeId: try c.decode(Int64.self, forKey: .prizeId), prizeName: try c.decode(String.self, forKey: .prizeName),
            prizeType: try c.decode(String.self, forKey: .prizeType), winProbability: try c.decode(Double.self, forKey: .winProbability),
            stockQuantity: try c.decodeIfPresent(Int.self, forKey: .stockQuantity), prizeValue: try c.decode(Int.self, forKey: .prizeValue),
            costPoints: try c.decode(Int.self, forKey: .costPoints), maxDailyWins: try c.decodeIfPresent(Int.self, forKey: .maxDailyWins),
            dailyWinCount: try c.decode(Int.self, forKey: .dailyWinCount), status: try c.decode(String.self, forKey: .status),
            icon: try c.decodeIfPresent(String.self, forKey: .icon), angle: try c.optional(Int.self, .angle, of: owner),
            color: try c.optional(String.self, .color, of: owner), sortOrder: try c.lenient(Int.self, .sortOrder, of: owner, 0),
            valueText: try c.optional(String.self, .valueText, of: owner))
    }
}

extension V4LotteryConfig.GuaranteeInfo {
    /// 003 L1563-1583: `{exists, description}`; `limit` and `prize_name` are extensions.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            exists: try c.decode(Bool.self, forKey: .exists), description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
            limit: try c.optional(Int.self, .limit, of: "V4LotteryConfig.guarantee_info"),
            prizeName: try c.optional(String.self, .prizeName, of: "V4LotteryConfig.guarantee_info"))
    }
}

extension V4LotteryConfig {
    /// 003 L1563-1583: no `campaign_code` (the caller knows the code it asked for) and no
    /// `user_state` (an extension).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4LotteryConfig"
        self.init(
            campaignId: try c.decode(Int64.self, forKey: .campaignId), campaignCode: try c.lenient(String.self, .campaignCode, of: owner, ""),
            campaignName: try c.decode(String.self, forKey: .campaignName), status: try c.decode(String.self, forKey: .status),
            drawCost: try c.decode(Int.self, forKey: .drawCost), maxDrawsPerDay: try c.lenient(Int.self, .maxDrawsPerDay, of: owner, 0),
            guaranteeInfo: try c.decode(GuaranteeInfo.self, forKey: .guaranteeInfo),
            userState: try c.optional(UserState.self, .userState, of: owner))
    }
}

extension V4Campaign {
    /// 003 L1738-1755: `campaign_id, campaign_name, status, draw_cost, start_time, end_time,
    /// description`: no `campaign_code`, no daily limit.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4Campaign"
        self.init(
            campaignId: try c.decode(Int64.self, forKey: .campaignId), campaignCode: try c.lenient(String.self, .campaignCode, of: owner, ""),
            campaignName: try c.decode(String.self, forKey: .campaignName), status: try c.decode(String.self, forKey: .status),
            drawCost: try c.lenient(Int.self, .drawCost, of: owner, 0), maxDrawsPerDay: try c.lenient(Int.self, .maxDrawsPerDay, of: owner, 0),
            startTime: try c.decodeIfPresent(String.self, forKey: .startTime), endTime: try c.decodeIfPresent(String.self, forKey: .endTime),
            description: try c.decodeIfPresent(String.self, forKey: .description))
    }
}

extension V4DrawResult {
    /// 003 L1625-1652: `{success, campaign_code, prizes, remaining_balance, draw_count}`; the flow
    /// example (L404-418) only `prizes` and `remaining_balance`. Without our core's `draws`, each
    /// prize is one draw in order (no draw id, no pity state); the cost, pity and daily counts are
    /// left to the caller (nil).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4DrawResult"
        let prizes = try c.decode([V4PublicPrize].self, forKey: .prizes)
        let draws = try c.lenient(
            [Draw].self, .draws, of: owner,
            prizes.enumerated().map { index, prize in
                Draw(drawId: "", sequence: index + 1, prize: prize, pityTriggered: false, pityCount: 0, rewardPoints: prize.pointsValue, isNearMiss: false)
            })
        self.init(
            success: try c.decodeIfPresent(Bool.self, forKey: .success) ?? true,
            campaignCode: try c.decodeIfPresent(String.self, forKey: .campaignCode) ?? "", prizes: prizes,
            remainingBalance: try c.decode(Int.self, forKey: .remainingBalance),
            drawCount: try c.decodeIfPresent(Int.self, forKey: .drawCount) ?? prizes.count, draws: draws,
            totalCost: try c.optional(Int.self, .totalCost, of: owner), pity: try c.optional(Pity.self, .pity, of: owner),
            todayDrawCount: try c.optional(Int.self, .todayDrawCount, of: owner),
            maxDrawsPerDay: try c.optional(Int.self, .maxDrawsPerDay, of: owner))
    }
}

extension V4LotteryHistory.Record {
    /// 003 L1697-1723: `{draw_id (a number), campaign_id, campaign_name, prize_id, prize_name,
    /// prize_type, points_cost, created_at}`. No row `id` (the draw id is one), no prize value
    /// (a points prize's is in its name), no draw type (each record is one draw), no pity or
    /// near-miss flags.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4LotteryHistory.record"
        guard let drawId = try c.idString(.drawId) else {
            throw DecodingError.keyNotFound(CodingKeys.drawId, .init(codingPath: c.codingPath, debugDescription: "no draw_id"))
        }
        let prizeType = try c.decodeIfPresent(String.self, forKey: .prizeType)
        let prizeName = try c.decodeIfPresent(String.self, forKey: .prizeName)
        let derivedValue = prizeType == "points" ? Int(String((prizeName ?? "").prefix { $0.isNumber })) ?? 0 : 0
        self.init(
            id: try c.lenient(Int64.self, .id, of: owner, Int64(drawId) ?? 0), drawId: drawId,
            campaignId: try c.decode(Int64.self, forKey: .campaignId), campaignName: try c.decodeIfPresent(String.self, forKey: .campaignName),
            prizeId: try c.decodeIfPresent(Int64.self, forKey: .prizeId), prizeName: prizeName, prizeType: prizeType,
            prizeValue: try c.lenient(Int.self, .prizeValue, of: owner, derivedValue),
            drawType: try c.lenient(String.self, .drawType, of: owner, "single"), pointsCost: try c.decode(Int.self, forKey: .pointsCost),
            isPity: try c.lenient(Bool.self, .isPity, of: owner, false), isNearMiss: try c.lenient(Bool.self, .isNearMiss, of: owner, false),
            createdAt: try c.decode(String.self, forKey: .createdAt))
    }
}
