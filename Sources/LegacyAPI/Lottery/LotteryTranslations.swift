import BridgeKit
import V4Contract

/// `GET /api/lottery/config` → V4 `lottery/config/:code` + `lottery/prizes/:code`, side by side.
/// An admin gets V4's full prize list; it is sanitised to what a user sees (L19).
struct LotteryConfigTranslation: LegacyTranslation {
    static let name = "lottery.config"
    static let reads = MappingReads(shapes: ["config_prize"], params: ["campaign_code", "prize_types"], optionalParams: ["inactive_too"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        // The active campaign V4 lists (the mapping's code preferred), as the draw uses; with
        // `inactive_too` (D1-V1's `isActive`) also the preferred campaign while it is off.
        let preferred = call.param("campaign_code")
        let code = try await call.paramValue("inactive_too")?.boolValue == true
            ? call.campaigns.current(call, preferring: preferred).code : call.campaigns.active(call, preferring: preferred).code
        let (config, listed) = try await call.both(
            { try await call.v4(V4API.Lottery.config, .init(campaignCode: code)) },
            { try await call.v4(V4API.Lottery.prizes, .init(campaignCode: code)) })
        let prizes = listed.sanitized
        let types = call.paramValue("prize_types")?.objectValue ?? [:]
        let state = config.userState
        let limit = config.guaranteeInfo.limit ?? 0
        return LegacyReply(data: [
            "prizes": .array(prizes.map {
                call.shaped("config_prize", from: LegacyPrizeView.make($0, costPerDraw: config.drawCost, types: types))
            }),
            "costPerDraw": .int(Int64(config.drawCost)),
            "totalPrizes": .int(Int64(prizes.count)),
            "pitySystem": [
                "enabled": .bool(config.guaranteeInfo.exists), "pityLimit": .int(Int64(limit)),
                "pityPrizeName": JSONValue(config.guaranteeInfo.prizeName),
            ],
            "user_pity": [
                "current_count": .int(Int64(state?.pityCount ?? 0)),
                "remaining_draws": .int(Int64(state?.pityRemaining ?? limit)),
                "pity_limit": .int(Int64(limit)),
            ],
        ], source: call.source([
            "config": config, "prizes": prizes,
            "pity_prize_id": prizes.first { $0.name == config.guaranteeInfo.prizeName }?.id,
        ]))
    }
}

/// `POST /api/lottery/draw` → V4 `lottery/draw` on the active campaign (`CampaignDirectory`).
/// The answer carries the union of D0's and D1-A's shapes; `results[].prize` is D1-A's object
/// (Docs/compatibility.md L4). What 003's draw answer lacks (the cost, pity and daily counts) is
/// derived from the campaign or left out as Mappings/degradation.yaml declares.
struct LotteryDrawTranslation: LegacyTranslation {
    static let name = "lottery.draw"
    static let reads = MappingReads(shapes: ["draw_prize"], params: ["campaign_code", "prize_types", "draw_counts"], fields: ["draw_type"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        // D1-V1's maintenance window closes the wheel on every family (its message, the route's code).
        if let window = call.maintenance?.active() {
            throw LegacyError(call.mappings.legacyError(forV4Code: "SYSTEM_MAINTENANCE", route: call.route), msg: window.message)
        }
        let drawType = call.input.string("draw_type") ?? "single"
        guard let count = call.paramValue("draw_counts")?[drawType]?.intValue else {
            throw LegacyError(call.mappings.legacyError(forFailure: .invalidValue, route: call.route, field: call.route.fields.first))
        }
        let campaign = try await call.campaigns.active(call, preferring: call.param("campaign_code"))
        let userId = try await call.callerUserId()
        // Across a network, the newest draw before this one: what reading the outcome back compares with.
        let before: String? = call.writesNeedSnapshots ? try await DrawReadBack.newestDrawId(call, userId: userId) : nil
        @Sendable func draw() async throws -> V4DrawResult {
            try await call.write(
                V4API.Lottery.draw, .init(campaignCode: campaign.code, drawCount: Int(count), drawType: drawType), as: userId,
                readBack: { try await DrawReadBack.find(call, userId: userId, after: before, count: Int(count), campaign: campaign) },
                complete: { result in
                    result.totalCost = result.totalCost ?? campaign.drawCost * result.drawCount
                    result.maxDrawsPerDay = result.maxDrawsPerDay ?? campaign.maxDrawsPerDay
                })
        }
        let result: V4DrawResult
        do {
            result = try await draw()
        } catch let refusal as V4ClientError {
            // 003 refuses users without the campaign's role (nothing was committed): every legacy
            // user may draw, so the bridge grants it with its service session and tries once more.
            guard case .rejected(let code, _, _, _) = refusal, code == "NO_CAMPAIGN_PERMISSION", call.deployment.grantsCampaignRole,
                let admin = call.deployment.coreAdmin
            else { throw refusal }
            do {
                _ = try await admin.call(V4API.Upstream.assignCampaignPermission, .init(userId: userId, campaignId: campaign.id), via: call.core)
            } catch {
                // The session could not grant it (its failure shows in /health): the user hears
                // V4's refusal, not the session's trouble.
                throw refusal
            }
            result = try await draw()
        }
        return LegacyReply(data: Self.legacy(result, drawType: call.input.original("draw_type") ?? drawType, call: call), source: call.source(["draw": result]))
    }

    static func legacy(_ result: V4DrawResult, drawType: String, call: LegacyCall) -> JSONValue {
        let types = call.paramValue("prize_types")?.objectValue ?? [:]
        let totalCost = result.totalCost ?? 0
        let costPerDraw = result.drawCount > 0 ? totalCost / result.drawCount : 0
        let pity = result.pity
        let results: [JSONValue] = result.draws.map { draw in
            let prize = LegacyPrizeView.make(draw.prize, costPerDraw: costPerDraw, types: types)
            var entry: JSONObject = [
                "prize": call.shaped("draw_prize", from: prize),
                // D0 {type, value} and D1-A {points, description}: no names clash.
                "reward": [
                    "type": prize["type"]!, "value": .string(draw.prize.valueText ?? String(draw.prize.value ?? draw.prize.pointsValue)),
                    "points": .int(Int64(draw.rewardPoints)),
                    "description": .string(draw.rewardPoints > 0 ? "获得\(draw.rewardPoints)积分" : "获得\(draw.prize.name)"),
                ],
                "draw_sequence": .int(Int64(draw.sequence)),
                "draw_id": draw.drawId.isEmpty ? .null : .string(draw.drawId),
            ]
            if let pity {
                entry["pity"] = [
                    "triggered": .bool(draw.pityTriggered), "current_count": .int(Int64(draw.pityCount)),
                    "remaining": .int(Int64(pity.enabled ? max(pity.limit - draw.pityCount, 0) : 0)),
                ]
            }
            return .object(entry)
        }
        let balance = JSONValue.int(Int64(result.remainingBalance))
        let today = JSONValue(result.todayDrawCount)
        var userInfo: JSONObject = ["remaining_points": balance, "total_points": balance, "today_count": today, "today_draw_count": today]
        if let max = result.maxDrawsPerDay, let done = result.todayDrawCount {
            userInfo["remaining_draws"] = .int(Int64(Swift.max(max - done, 0)))
        }
        if let pity {
            userInfo["pity_info"] = [
                "current_count": .int(Int64(pity.count)),
                "remaining_draws": .int(Int64(pity.remaining)),
                "remaining_count": .int(Int64(pity.remaining)),
                "will_trigger_next": .bool(pity.enabled && pity.remaining == 1),
            ]
        }
        return [
            "draw_type": .string(drawType),
            "results": .array(results),
            "total_cost": .int(Int64(totalCost)),
            // D0's four balance aliases and today_count.
            "user_points": balance, "remaining_points": balance, "balance": balance, "points": balance,
            "today_count": today,
            "user_info": .object(userInfo),
        ]
    }
}

/// `GET /api/lottery/records` → V4 `lottery/history/:user_id` (the user id is the token's).
struct LotteryRecordsTranslation: LegacyTranslation {
    static let name = "lottery.records"
    static let reads = MappingReads(params: ["prize_types"], fields: ["page", "limit", "draw_type", "prize_type"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let history = try await call.v4(
            V4API.Lottery.history,
            .init(
                userId: try await call.callerUserId(), page: call.pageQuery, drawType: call.input.string("draw_type"),
                prizeType: call.input.string("prize_type")))
        let types = call.paramValue("prize_types")?.objectValue ?? [:]
        return LegacyReply(data: [
            "records": .array(history.records.map { record in
                [
                    "id": .int(record.id), "draw_id": .string(record.drawId), "prize_name": JSONValue(record.prizeName),
                    "prize_type": record.prizeType.map { types[$0] ?? .string($0) } ?? .null,
                    "prize_value": .int(Int64(record.prizeValue)), "draw_type": .string(record.drawType),
                    "points_cost": .int(Int64(record.pointsCost)), "is_near_miss": .bool(record.isNearMiss),
                    "created_at": LegacyTime.from(v4: record.createdAt),
                ]
            }),
            "pagination": LegacyPagination.nested(history.pagination),
        ])
    }
}

/// `GET /api/lottery/statistics` → V4 `lottery/statistics/:user_id` (D1-A's keys).
struct LotteryStatisticsTranslation: LegacyTranslation {
    static let name = "lottery.statistics"
    static let reads = MappingReads(params: ["campaign_code", "prize_types"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let userId = try await call.callerUserId()
        let code = try await call.campaigns.active(call, preferring: call.param("campaign_code")).code
        let stats = try await Compositions.extensionOr(
            { () async throws(V4ClientError) in try await call.v4(V4API.Lottery.statistics, .init(userId: userId, campaignCode: code)) },
            compose: { try await Compositions.lotteryStatistics(call, userId: userId) })
        let types = call.paramValue("prize_types")?.objectValue ?? [:]
        // Every legacy prize type, won or not (D1-A's keys), in the mapping's order.
        var distribution = JSONObject()
        for (_, legacy) in types.entries { if let name = legacy.stringValue, distribution[name] == nil { distribution[name] = 0 } }
        for (type, count) in stats.prizeDistribution.sorted(by: { $0.key < $1.key }) {
            let legacy = types[type]?.stringValue ?? type
            distribution[legacy] = .int((distribution[legacy]?.intValue ?? 0) + Int64(count))
        }
        // A draw "wins" when it gives a prize; a wheel segment without one would be typed none.
        let wins = stats.prizeDistribution.filter { $0.key != "none" }.values.reduce(0, +)
        let favourite = stats.drawTypeCounts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        return LegacyReply(data: [
            "totalDraws": .int(Int64(stats.totalDraws)),
            "totalPointsSpent": .int(Int64(stats.totalPointsSpent)),
            "totalPointsWon": .int(Int64(stats.totalPointsWon)),
            "netPoints": .int(Int64(stats.totalPointsWon - stats.totalPointsSpent)),
            "winRate": stats.totalDraws > 0 ? .double((Double(wins) / Double(stats.totalDraws) * 100).rounded() / 100) : .int(0),
            "favoriteDrawType": JSONValue(favourite),
            "prizeDistribution": .object(distribution),
            "lastDrawTime": LegacyTime.from(v4: stats.lastDrawTime),
            "currentPityCount": .int(Int64(stats.pity.count)),
            "nextPityRemaining": .int(Int64(stats.pity.remaining)),
        ])
    }
}
