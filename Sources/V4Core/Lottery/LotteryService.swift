import V4Contract
import BridgeKit
import GRDB
import ServerKit

/// Campaigns, prizes and the draw. A draw is one write transaction: campaign active → daily
/// limit → balance → pick prizes (pity rule, stock, daily caps) → debit, credit points prizes,
/// draw records, inventory items, pity counter.
public struct LotteryService: Sendable {
    let database: CoreDatabase
    let randomness: any DrawRandomness
    let clock: @Sendable () -> Date
    let events: any EventBus

    public static let maxDrawCount = 10

    public init(database: CoreDatabase, randomness: any DrawRandomness, events: any EventBus, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.randomness = randomness
        self.events = events
        self.clock = clock
    }

    // MARK: Catalogue

    public func campaigns(status: String?) async throws -> [V4Campaign] {
        try await database.read { db in
            var request = LotteryCampaignRecord.order(LotteryCampaignRecord.Columns.campaignId)
            if let status { request = request.filter(LotteryCampaignRecord.Columns.status == status) }
            return try request.fetchAll(db).map(Self.payload)
        }
    }

    public func prizes(campaignCode: String, full: Bool) async throws -> V4PrizeList {
        try await database.read { db in
            let campaign = try Self.campaign(code: campaignCode, in: db)
            let prizes = try Self.prizes(of: campaign, in: db)
            return full ? .full(prizes.map(Self.fullPayload)) : .public(prizes.map { Self.publicPayload($0, day: nil) })
        }
    }

    public func config(campaignCode: String, for identity: Identity?) async throws -> V4LotteryConfig {
        let now = clock()
        return try await database.read { db in
            let campaign = try Self.campaign(code: campaignCode, in: db)
            let rule = PityRule(guaranteeRule: campaign.guaranteeRule)
            var userState: V4LotteryConfig.UserState?
            if let identity {
                let counters = try Self.counters(user: identity.userId, campaign: campaign.campaignId!, now: now, in: db)
                let (pity, today) = (counters.pity, counters.today)
                userState = .init(
                    pityCount: pity, pityRemaining: rule.remaining(count: pity), todayDrawCount: today,
                    remainingDrawsToday: max(campaign.maxDrawsPerDay - today, 0))
            }
            return V4LotteryConfig(
                campaignId: campaign.campaignId!, campaignCode: campaign.campaignCode, campaignName: campaign.campaignName,
                status: campaign.status.rawValue, drawCost: campaign.drawCost, maxDrawsPerDay: campaign.maxDrawsPerDay,
                guaranteeInfo: .init(
                    exists: rule.enabled, description: rule.enabled ? "连续抽奖有惊喜哦~" : "",
                    limit: rule.enabled ? rule.limit : nil, prizeName: rule.enabled ? rule.prizeName : nil),
                userState: userState)
        }
    }

    // MARK: Draw

    /// Draws `drawCount` times (1…10) for the caller. `drawType` is recorded as given, or derived
    /// from the count.
    public func draw(campaignCode: String?, campaignId: Int64?, drawCount: Int, drawType: String?, for identity: Identity)
        async throws -> V4DrawResult
    {
        guard (1...Self.maxDrawCount).contains(drawCount) else { throw V4Error(.invalidDrawCount) }
        let now = clock()
        let randomness = self.randomness
        let result = try await database.write { db in
            let campaign = try Self.drawableCampaign(code: campaignCode, id: campaignId, now: now, in: db)
            let campaignId = campaign.campaignId!
            let userId = identity.userId
            let counters = try Self.counters(user: userId, campaign: campaignId, now: now, in: db)
            let today = counters.today
            guard today + drawCount <= campaign.maxDrawsPerDay else {
                throw V4Error(
                    .maxDrawsExceeded, "超过每日最大抽奖次数（\(campaign.maxDrawsPerDay)次）",
                    data: ["max_draws_per_day": .int(Int64(campaign.maxDrawsPerDay)), "today_draw_count": .int(Int64(today))])
            }
            let cost = campaign.drawCost * drawCount
            var account = try PointsLedger.account(for: userId, in: db, at: now)
            let balance = account.availablePoints
            guard balance >= cost else {
                throw V4Error(
                    .insufficientPoints, "积分不足，需要\(cost)积分，当前\(balance)积分",
                    data: ["required_points": .int(Int64(cost)), "current_points": .int(Int64(balance))])
            }
            let day = Timestamp.beijingDay(now)
            var prizes = try Self.prizes(of: campaign, in: db).filter { $0.status == .active }
            let rule = PityRule(guaranteeRule: campaign.guaranteeRule)
            var pity = counters.pity
            let batchId = "batch_" + Self.token()
            let type = drawType ?? V4DrawRequest.drawType(forCount: drawCount)
            let pityAngle = prizes.first { $0.prizeId == rule.prizeId }?.angle

            if cost > 0 {
                try PointsLedger.post(
                    PointsEntry(
                        userId: userId, direction: .consume, amount: cost, businessType: "lottery_draw", sourceType: "lottery",
                        referenceId: batchId, title: "抽奖消耗",
                        description: "\(campaign.campaignName) \(drawCount)次抽奖消耗\(cost)积分"),
                    to: &account, in: db, at: now)
            }
            var draws: [V4DrawResult.Draw] = []
            for sequence in 1...drawCount {
                let candidates = prizes.map {
                    PrizePicker.Candidate(prizeId: $0.prizeId!, probability: $0.winProbability, available: Self.canWin($0, day: day))
                }
                let pityAvailable = candidates.contains { $0.prizeId == rule.prizeId && $0.available }
                let forced = rule.forces(count: pity, pityPrizeAvailable: pityAvailable)
                guard let prizeId = forced ? rule.prizeId : PrizePicker.pick(candidates, using: randomness),
                    let index = prizes.firstIndex(where: { $0.prizeId == prizeId })
                else { throw V4Error(.prizeOutOfStock, "奖品已抽完") }
                var prize = prizes[index]
                if prize.dailyWinDate != day {
                    prize.dailyWinDate = day
                    prize.dailyWinCount = 0
                }
                prize.dailyWinCount += 1
                if let stock = prize.stockQuantity { prize.stockQuantity = stock - 1 }
                try prize.updateWins(in: db)
                prizes[index] = prize
                pity = rule.counter(after: pity, won: prizeId)

                let drawId = "draw_\(String(day.filter { $0 != "-" }))_\(Self.token())"
                let nearMiss =
                    prizeId != rule.prizeId && pityAngle != nil && prize.angle != nil
                    && [45, 315].contains(((prize.angle! - pityAngle!) % 360 + 360) % 360)
                var record = LotteryDrawRecord(
                    drawId: drawId, userId: userId, campaignId: campaignId, prizeId: prizeId, prizeName: prize.prizeName,
                    prizeType: prize.prizeType, prizeValue: prize.prizeValue, drawType: type, batchId: batchId,
                    drawSequence: sequence, costPoints: campaign.drawCost, isPity: forced, isNearMiss: nearMiss, createdAt: now)
                try record.insertRow(in: db)
                var rewardPoints = 0
                if prize.prizeType == "points", prize.prizeValue > 0 {
                    rewardPoints = prize.prizeValue
                    try PointsLedger.post(
                        PointsEntry(
                            userId: userId, direction: .earn, amount: prize.prizeValue, businessType: "lottery_win",
                            sourceType: "lottery", referenceId: drawId, title: "抽奖获得", description: "抽中\(prize.prizeName)"),
                        to: &account, in: db, at: now)
                } else {
                    var item = UserInventoryRecord(
                        userId: userId, name: prize.prizeName, type: prize.prizeType, value: prize.valueText ?? String(prize.prizeValue),
                        status: .available, sourceType: "lottery", referenceId: drawId, acquiredAt: now, transferCount: 0,
                        maxTransfers: 3)
                    try item.insertRow(in: db)
                }
                draws.append(.init(
                    drawId: drawId, sequence: sequence, prize: Self.publicPayload(prize, day: day), pityTriggered: forced,
                    pityCount: pity, rewardPoints: rewardPoints, isNearMiss: nearMiss))
            }
            try LotteryUserStateRecord(
                userId: userId, campaignId: campaignId, pityCount: pity, drawsDay: day, drawsToday: today + drawCount,
                updatedAt: now
            ).upsert(in: db)
            let after = account.availablePoints
            return V4DrawResult(
                success: true, campaignCode: campaign.campaignCode, prizes: draws.map(\.prize), remainingBalance: after,
                drawCount: drawCount, draws: draws, totalCost: cost,
                pity: .init(enabled: rule.enabled, count: pity, limit: rule.limit, remaining: rule.remaining(count: pity)),
                todayDrawCount: today + drawCount, maxDrawsPerDay: campaign.maxDrawsPerDay)
        }
        // Committed: one change for the whole draw (cost and any points prizes).
        events.publish(V4Event.afterDraw(result, userId: identity.userId, at: now))
        return result
    }

    // MARK: History and statistics

    public func history(userId: Int64, page: Int, limit: Int, drawType: String?, prizeType: String?) async throws
        -> V4LotteryHistory
    {
        try await database.read { db in
            var request = LotteryDrawRecord.filter(LotteryDrawRecord.Columns.userId == userId)
            if let drawType { request = request.filter(LotteryDrawRecord.Columns.drawType == drawType) }
            if let prizeType { request = request.filter(LotteryDrawRecord.Columns.prizeType == prizeType) }
            let total = try request.fetchCount(db)
            let rows = try request.order(LotteryDrawRecord.Columns.createdAt.desc, LotteryDrawRecord.Columns.recordId.desc)
                .limit(limit, offset: (page - 1) * limit).fetchAll(db)
            let names = Dictionary(
                try LotteryCampaignRecord.fetchAll(db).map { ($0.campaignId!, $0.campaignName) }, uniquingKeysWith: { a, _ in a })
            return V4LotteryHistory(
                records: rows.map {
                    .init(
                        id: $0.recordId!, drawId: $0.drawId, campaignId: $0.campaignId, campaignName: names[$0.campaignId],
                        prizeId: $0.prizeId, prizeName: $0.prizeName, prizeType: $0.prizeType, prizeValue: $0.prizeValue,
                        drawType: $0.drawType, pointsCost: $0.costPoints, isPity: $0.isPity, isNearMiss: $0.isNearMiss,
                        createdAt: Timestamp.beijing($0.createdAt))
                },
                pagination: V4Pagination(page: page, limit: limit, total: total))
        }
    }

    public func statistics(userId: Int64, campaignCode: String?) async throws -> V4LotteryStatistics {
        try await database.read { db in
            guard try UserRecord.exists(db, key: userId) else { throw V4Error(.userNotFound) }
            let draws = try LotteryDrawRecord.filter(LotteryDrawRecord.Columns.userId == userId).fetchAll(db)
            let won = try Int.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(points_amount), 0) FROM points_records
                    WHERE user_id = ? AND business_type = 'lottery_win'
                    """, arguments: [userId]) ?? 0
            var distribution: [String: Int] = [:]
            var types: [String: Int] = [:]
            for draw in draws {
                distribution[draw.prizeType ?? "none", default: 0] += 1
                types[draw.drawType, default: 0] += 1
            }
            var pity = V4DrawResult.Pity(enabled: false, count: 0, limit: 0, remaining: 0)
            let campaign = try campaignCode.map { try Self.campaign(code: $0, in: db) }
                ?? LotteryCampaignRecord.filter(LotteryCampaignRecord.Columns.status == ActiveStatus.active).order(LotteryCampaignRecord.Columns.campaignId).fetchOne(db)
            if let campaign {
                let rule = PityRule(guaranteeRule: campaign.guaranteeRule)
                let count = try Self.pityCount(user: userId, campaign: campaign.campaignId!, in: db)
                pity = .init(enabled: rule.enabled, count: count, limit: rule.limit, remaining: rule.remaining(count: count))
            }
            return V4LotteryStatistics(
                userId: userId, totalDraws: draws.count, totalPointsSpent: draws.reduce(0) { $0 + $1.costPoints },
                totalPointsWon: won, prizeDistribution: distribution, drawTypeCounts: types,
                lastDrawTime: draws.map(\.createdAt).max().map(Timestamp.beijing), pity: pity)
        }
    }

    // MARK: Helpers

    /// 16 lowercase hex characters from the system generator: unique ids without a counter to
    /// contend on (Foundation's UUID opened /dev/urandom on every call).
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next()
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func campaign(code: String, in db: Database) throws -> LotteryCampaignRecord {
        guard
            let campaign = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(LotteryCampaignRecord.orderedSelection) FROM lottery_campaigns WHERE campaign_code = ?"),
                arguments: [code]
            ).map(LotteryCampaignRecord.init(orderedRow:))
        else {
            throw V4Error(.campaignNotFound)
        }
        return campaign
    }

    /// [B]: by code; a missing code or `campaign_id` 1 means "the current active campaign".
    static func drawableCampaign(code: String?, id: Int64?, now: Date, in db: Database) throws -> LotteryCampaignRecord {
        let campaign: LotteryCampaignRecord
        if let code {
            campaign = try Self.campaign(code: code, in: db)
        } else if let id, id != 1, let found = try LotteryCampaignRecord.fetchOne(db, key: id) {
            campaign = found
        } else if let active = try LotteryCampaignRecord.filter(LotteryCampaignRecord.Columns.status == ActiveStatus.active).order(LotteryCampaignRecord.Columns.campaignId).fetchOne(db) {
            campaign = active
        } else {
            throw V4Error(.noActiveCampaign)
        }
        let started = campaign.startTime.map { $0 <= now } ?? true
        let notEnded = campaign.endTime.map { $0 > now } ?? true
        guard campaign.status == .active, started, notEnded else { throw V4Error(.noActiveCampaign) }
        return campaign
    }

    static func prizes(of campaign: LotteryCampaignRecord, in db: Database) throws -> [LotteryPrizeRecord] {
        try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT \(LotteryPrizeRecord.orderedSelection) FROM lottery_prizes WHERE campaign_id = ? ORDER BY sort_order, prize_id"),
                arguments: [campaign.campaignId!]
            ).map(LotteryPrizeRecord.init(orderedRow:)))
    }

    static func canWin(_ prize: LotteryPrizeRecord, day: String) -> Bool {
        guard prize.status == .active else { return false }
        if let stock = prize.stockQuantity, stock <= 0 { return false }
        if let cap = prize.maxDailyWins, prize.dailyWinDate == day, prize.dailyWinCount >= cap { return false }
        return true
    }

    static func pityCount(user: Int64, campaign: Int64, in db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT pity_count FROM lottery_user_states WHERE user_id = ? AND campaign_id = ?"),
            arguments: [user, campaign]) ?? 0
    }

    /// The pity counter and today's draws of a user in a campaign, from the state row; today's
    /// draws are counted from the draw rows only when the row's counter is for another day.
    static func counters(user: Int64, campaign: Int64, now: Date, in db: Database) throws -> (pity: Int, today: Int) {
        let day = Timestamp.beijingDay(now)
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT pity_count, draws_day, draws_today FROM lottery_user_states WHERE user_id = ? AND campaign_id = ?"),
            arguments: [user, campaign])
        let pity: Int = row?[0] ?? 0
        if let row, row[1] as String? == day { return (pity, row[2]) }
        return (pity, try todayDraws(user: user, campaign: campaign, now: now, in: db))
    }

    /// Draws since midnight Beijing time, counted from the draw rows.
    static func todayDraws(user: Int64, campaign: Int64, now: Date, in db: Database) throws -> Int {
        let midnight = Timestamp.parse(Timestamp.beijingDay(now) + "T00:00:00+08:00")!
        return try Int.fetchOne(
            db.cachedStatement(
                sql: "SELECT COUNT(*) FROM lottery_draw_records WHERE user_id = ? AND campaign_id = ? AND created_at >= ?"),
            arguments: [user, campaign, Timestamp.database(midnight)]) ?? 0
    }

    static func payload(_ campaign: LotteryCampaignRecord) -> V4Campaign {
        V4Campaign(
            campaignId: campaign.campaignId!, campaignCode: campaign.campaignCode, campaignName: campaign.campaignName,
            status: campaign.status.rawValue, drawCost: campaign.drawCost, maxDrawsPerDay: campaign.maxDrawsPerDay,
            startTime: campaign.startTime.map(Timestamp.beijing), endTime: campaign.endTime.map(Timestamp.beijing),
            description: campaign.description)
    }

    /// [B] `sanitizePrizes` (the contract's rule), with availability from today's caps.
    static func publicPayload(_ prize: LotteryPrizeRecord, day: String?) -> V4PublicPrize {
        V4PublicPrize(sanitizing: fullPayload(prize), available: canWin(prize, day: day ?? ""))
    }

    static func fullPayload(_ prize: LotteryPrizeRecord) -> V4FullPrize {
        V4FullPrize(
            prizeId: prize.prizeId!, prizeName: prize.prizeName, prizeType: prize.prizeType,
            winProbability: prize.winProbability, stockQuantity: prize.stockQuantity, prizeValue: prize.prizeValue,
            costPoints: prize.costPoints, maxDailyWins: prize.maxDailyWins, dailyWinCount: prize.dailyWinCount,
            status: prize.status.rawValue, icon: prize.icon, angle: prize.angle, color: prize.color, sortOrder: prize.sortOrder,
            valueText: prize.valueText)
    }
}
