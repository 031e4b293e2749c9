import BridgeKit
import Foundation
import GRDB
import ServerKit
import Synchronization
import Testing
import V4Contract
@testable import V4Core

/// The draw engine: weights, the pity rule, limits, stock, and concurrency.
@Suite struct LotteryEngineTests {
    /// An engine on a fresh database, with a seeded stream and a user holding `points`.
    static func setUp(seed: UInt64 = 1, points: Int = 1_000_000, mobile: String = "13600136000") async throws
        -> (V4Engine, Identity)
    {
        let engine = try await V4Engine.open(
            TestBridge.coreConfiguration(TestBridge.temporaryDirectory()), randomness: SeededDrawRandomness(seed: seed),
            logger: TestBridge.logger)
        _ = try await DemoSeeder.seed(engine, adminPassword: "not-used-here")
        let userId = try await engine.database.write { db in
            try UserDirectory.findOrCreate(mobile: mobile, registrationBonus: points, in: db, at: Date()).0.userId!
        }
        return (engine, try await engine.auth.authenticate(accessToken: login(engine, mobile)))
    }

    static func login(_ engine: V4Engine, _ mobile: String) async throws -> String {
        try await engine.auth.login(mobile: mobile, verificationCode: "123456").accessToken
    }

    /// A campaign with the given prizes `(name, type, probability, value, stock, dailyCap)`, no pity.
    static func addCampaign(
        _ engine: V4Engine, code: String, cost: Int = 100, perDay: Int = 1000, status: ActiveStatus = .active,
        pity: (limit: Int, prizeIndex: Int)? = nil, prizes: [(String, String, Double, Int, Int?, Int?)]
    ) async throws {
        try await engine.database.write { db in
            var campaign = LotteryCampaignRecord(
                campaignCode: code, campaignName: code, status: status, drawCost: cost, maxDrawsPerDay: perDay,
                startTime: nil, endTime: nil, guaranteeRule: nil, description: nil, createdAt: Date())
            try campaign.insert(db)
            var ids: [Int64] = []
            for (index, prize) in prizes.enumerated() {
                var record = LotteryPrizeRecord(
                    campaignId: campaign.campaignId!, prizeName: prize.0, prizeType: prize.1, winProbability: prize.2,
                    stockQuantity: prize.4, prizeValue: prize.3, costPoints: 0, maxDailyWins: prize.5, dailyWinCount: 0,
                    dailyWinDate: nil, status: .active, icon: nil, angle: index * 45, color: nil, sortOrder: index, valueText: nil)
                try record.insert(db)
                ids.append(record.prizeId!)
            }
            if let pity {
                campaign.guaranteeRule = JSONValue.object([
                    "enabled": true, "trigger_count": .int(Int64(pity.limit)), "guarantee_prize_id": .int(ids[pity.prizeIndex]),
                ]).serialized()
                try campaign.update(db)
            }
        }
    }

    /// The draw reads campaigns and prizes by column position; every value must be the one read by name.
    @Test func positionalReadsEqualReadsByName() async throws {
        let (engine, _) = try await Self.setUp()
        try await Self.addCampaign(
            engine, code: "NULLS", prizes: [("a", "points", 0.5, 10, nil, nil), ("b", "coupon", 0.5, 0, 3, 2)])
        try await engine.database.write { db in
            try db.execute(sql: """
                UPDATE lottery_campaigns SET start_time = '2025-01-01 00:00:00.000', end_time = '2099-01-01 00:00:00.000',
                  description = 'd', guarantee_rule = '{"trigger_count": 3}' WHERE campaign_code = 'NULLS'
                """)
            try db.execute(sql: "UPDATE lottery_prizes SET icon = 'i', color = '#fff', value_text = 'v', daily_win_date = '2025-01-01' WHERE prize_name = 'b'")
        }
        let (byName, byPosition) = try await engine.database.read { db in
            let campaigns = try LotteryCampaignRecord.fetchAll(db)
            let prizes = try campaigns.map { campaign in
                try LotteryPrizeRecord.filter(Column("campaign_id") == campaign.campaignId!)
                    .order(Column("sort_order"), Column("prize_id")).fetchAll(db)
            }
            let positional = try campaigns.map { try LotteryService.campaign(code: $0.campaignCode, in: db) }
            return ((campaigns, prizes), (positional, try positional.map { try LotteryService.prizes(of: $0, in: db) }))
        }
        #expect(byName.0.count >= 2)
        #expect(byPosition.0 == byName.0)
        #expect(byPosition.1 == byName.1)
        #expect(byName.1.flatMap { $0 }.contains { $0.stockQuantity == nil } && byName.1.flatMap { $0 }.contains { $0.icon != nil })
    }

    @Test func prizePickerFollowsTheWeights() {
        // The demo wheel's weights (D1-V1): 0, 10, 30, 30, 5, 20, 5, 0 percent.
        let weights = [0.0, 0.10, 0.30, 0.30, 0.05, 0.20, 0.05, 0.0]
        let candidates = weights.enumerated().map { PrizePicker.Candidate(prizeId: Int64($0), probability: $1, available: true) }
        let randomness = SeededDrawRandomness(seed: 99)
        var counts = [Int](repeating: 0, count: weights.count)
        let n = 200_000
        for _ in 0..<n { counts[Int(PrizePicker.pick(candidates, using: randomness)!)] += 1 }
        #expect(counts[0] == 0 && counts[7] == 0, "zero-weight prizes are never drawn")
        // Chi-square over the six prizes with weight; df = 5, critical value 20.52 at p = 0.001.
        let chiSquare = zip(weights, counts).filter { $0.0 > 0 }.reduce(0.0) { sum, pair in
            let expected = pair.0 * Double(n)
            return sum + pow(Double(pair.1) - expected, 2) / expected
        }
        #expect(chiSquare < 20.52, "chi-square \(chiSquare), counts \(counts)")
    }

    @Test func unavailablePrizesAreSkippedAndTheRestKeepTheirRatio() {
        let candidates = [
            PrizePicker.Candidate(prizeId: 1, probability: 0.5, available: false),
            PrizePicker.Candidate(prizeId: 2, probability: 0.25, available: true),
            PrizePicker.Candidate(prizeId: 3, probability: 0.25, available: true),
        ]
        let randomness = SeededDrawRandomness(seed: 3)
        var counts: [Int64: Int] = [:]
        for _ in 0..<20_000 { counts[PrizePicker.pick(candidates, using: randomness)!, default: 0] += 1 }
        #expect(counts[1] == nil)
        #expect(abs(Double(counts[2]!) / 20_000 - 0.5) < 0.02)
        #expect(PrizePicker.pick([.init(prizeId: 1, probability: 0.3, available: false)], using: randomness) == nil)
    }

    @Test func drawsThroughTheEngineFollowTheWeights() async throws {
        let (engine, user) = try await Self.setUp(seed: 7)
        try await Self.addCampaign(
            engine, code: "WEIGHTS", perDay: 100_000,
            prizes: [("A", "points", 0.5, 1, nil, nil), ("B", "coupon", 0.3, 0, nil, nil), ("C", "physical", 0.2, 0, nil, nil)])
        var counts: [String: Int] = [:]
        for _ in 0..<300 {
            let result = try await engine.lottery.draw(campaignCode: "WEIGHTS", campaignId: nil, drawCount: 10, drawType: nil, for: user)
            for draw in result.draws { counts[draw.prize.name, default: 0] += 1 }
        }
        let n = 3000.0
        let chiSquare = [("A", 0.5), ("B", 0.3), ("C", 0.2)].reduce(0.0) { sum, pair in
            sum + pow(Double(counts[pair.0] ?? 0) - pair.1 * n, 2) / (pair.1 * n)
        }
        // df = 2, critical value 13.82 at p = 0.001.
        #expect(chiSquare < 13.82, "chi-square \(chiSquare), counts \(counts)")
    }

    @Test(arguments: [1, 2, 3])
    func nobodyGoesMoreThanNineDrawsWithoutThePityPrize(seed: UInt64) async throws {
        let (engine, user) = try await Self.setUp(seed: seed)
        // The demo wheel's weights (九八折券 10%) with the 10-draw guarantee, no daily limit in the way.
        try await Self.addCampaign(
            engine, code: "PITY", perDay: 100_000, pity: (limit: 10, prizeIndex: 1),
            prizes: [("八八折券", "coupon", 0, 88, nil, nil), ("九八折券", "coupon", 0.10, 98, nil, nil),
                     ("甜品1份", "physical", 0.30, 0, nil, nil), ("青菜1份", "physical", 0.30, 0, nil, nil),
                     ("虾1份", "physical", 0.05, 0, nil, nil), ("花甲1份", "physical", 0.20, 0, nil, nil),
                     ("鱿鱼1份", "physical", 0.05, 0, nil, nil), ("生腌拼盘158", "physical", 0, 158, nil, nil)])
        // Mixed single and multi draws.
        let counts = [1, 3, 5, 10, 1, 1, 10, 3, 5, 10]
        for round in 0..<30 {
            _ = try await engine.lottery.draw(
                campaignCode: "PITY", campaignId: nil, drawCount: counts[round % counts.count], drawType: nil, for: user)
        }
        let (draws, pityPrize, counter) = try await engine.database.read { db in
            let campaign = try LotteryCampaignRecord.filter(Column("campaign_code") == "PITY").fetchOne(db)!
            let rule = PityRule(guaranteeRule: campaign.guaranteeRule)
            return (
                try LotteryDrawRecord.filter(Column("user_id") == user.userId).order(Column("record_id")).fetchAll(db),
                rule.prizeId!,
                try LotteryUserStateRecord.filter(Column("user_id") == user.userId).fetchOne(db)!.pityCount)
        }
        #expect(draws.count == 147)
        var misses = 0
        var longest = 0
        for draw in draws {
            if draw.isPity {
                #expect(misses == 9, "the guarantee fires exactly on the 10th draw")
                #expect(draw.prizeId == pityPrize)
            }
            if draw.prizeId == pityPrize { misses = 0 } else { misses += 1 }
            longest = max(longest, misses)
        }
        #expect(longest <= 9)
        #expect(counter == misses, "the stored counter is the trailing run of misses")
        #expect(draws.contains { $0.isPity }, "with a 10% prize, 147 draws trigger the guarantee at least once")
    }

    @Test func dailyLimitStockAndCaps() async throws {
        let (engine, user) = try await Self.setUp()
        try await Self.addCampaign(
            engine, code: "LIMITS", perDay: 5,
            prizes: [("rare", "coupon", 0.9, 0, 1, nil), ("capped", "coupon", 0.09, 0, nil, 1), ("filler", "physical", 0.01, 0, nil, nil)])
        let first = try await engine.lottery.draw(campaignCode: "LIMITS", campaignId: nil, drawCount: 5, drawType: nil, for: user)
        let names = first.draws.map(\.prize.name)
        #expect(names.filter { $0 == "rare" }.count == 1, "stock 1: won once at most, \(names)")
        #expect(names.filter { $0 == "capped" }.count == 1, "daily cap 1, \(names)")
        #expect(names.filter { $0 == "filler" }.count == 3)
        await #expect(throws: V4Error(
            .maxDrawsExceeded, "超过每日最大抽奖次数（5次）", data: ["max_draws_per_day": 5, "today_draw_count": 5])
        ) {
            _ = try await engine.lottery.draw(campaignCode: "LIMITS", campaignId: nil, drawCount: 1, drawType: nil, for: user)
        }
        await #expect(throws: V4Error(.invalidDrawCount)) {
            _ = try await engine.lottery.draw(campaignCode: "LIMITS", campaignId: nil, drawCount: 11, drawType: nil, for: user)
        }
        try await Self.addCampaign(engine, code: "PAUSED", status: .inactive, prizes: [("x", "coupon", 1, 0, nil, nil)])
        await #expect(throws: V4Error(.noActiveCampaign)) {
            _ = try await engine.lottery.draw(campaignCode: "PAUSED", campaignId: nil, drawCount: 1, drawType: nil, for: user)
        }
    }

    /// The daily limit reads the counter in the user's state row: it starts again at Beijing
    /// midnight, and a row without today's counter (as after migration v7) is recounted from
    /// the draw rows, so neither lets a user past the limit.
    @Test func dailyCounterResetsAtBeijingMidnightAndRecountsAStaleRow() async throws {
        let (engine, user) = try await Self.setUp()
        try await Self.addCampaign(engine, code: "DAILY", perDay: 5, prizes: [("filler", "physical", 1, 0, nil, nil)])
        let now = Mutex(Timestamp.parse("2026-07-03T23:59:00+08:00")!)
        let lottery = LotteryService(
            database: engine.database, randomness: SeededDrawRandomness(seed: 3), events: LocalEventBus(),
            clock: { now.withLock { $0 } })
        func draw(_ count: Int) async throws -> V4DrawResult {
            try await lottery.draw(campaignCode: "DAILY", campaignId: nil, drawCount: count, drawType: nil, for: user)
        }
        func refused(today: Int) -> V4Error {
            V4Error(.maxDrawsExceeded, "超过每日最大抽奖次数（5次）", data: ["max_draws_per_day": 5, "today_draw_count": .int(Int64(today))])
        }
        #expect(try await draw(3).todayDrawCount == 3)
        #expect(try await draw(2).todayDrawCount == 5)
        await #expect(throws: refused(today: 5)) { _ = try await draw(1) }

        now.withLock { $0 = Timestamp.parse("2026-07-04T00:00:01+08:00")! }
        #expect(try await draw(1).todayDrawCount == 1, "a new Beijing day")
        #expect(try await lottery.config(campaignCode: "DAILY", for: user).userState?.todayDrawCount == 1)
        #expect(try await draw(4).todayDrawCount == 5)

        try await engine.database.write { db in
            try db.execute(sql: "UPDATE lottery_user_states SET draws_day = NULL, draws_today = 0")
        }
        await #expect(throws: refused(today: 5)) { _ = try await draw(1) }
        #expect(try await lottery.config(campaignCode: "DAILY", for: user).userState?.todayDrawCount == 5)
        let stored = try await engine.database.read { db in
            try LotteryUserStateRecord.filter(Column("user_id") == user.userId).fetchAll(db)
        }
        #expect(stored.map(\.drawsToday) == [0], "a refused draw writes nothing")
    }

    /// 50 concurrent single draws by one user holding 500 points: exactly 5 succeed.
    @Test func fiftyConcurrentDrawsWithFiveHundredPoints() async throws {
        let (engine, user) = try await Self.setUp(points: 500)
        try await Self.addCampaign(
            engine, code: "RACE", prizes: [("5积分", "points", 0.5, 5, nil, nil), ("10积分", "points", 0.5, 10, nil, nil)])
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    (try? await engine.lottery.draw(campaignCode: "RACE", campaignId: nil, drawCount: 1, drawType: nil, for: user)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 5)
        try await Self.expectLedgerConsistent(engine, user: user.userId, startingWith: 500)
    }

    /// Multi-draws racing single draws: each request is all or nothing, and the books balance.
    @Test func multiDrawsRacingSingles() async throws {
        let (engine, user) = try await Self.setUp(points: 1000)
        try await Self.addCampaign(engine, code: "MIXED", prizes: [("1积分", "points", 1, 1, nil, nil)])
        let counts = [3, 1, 3, 1, 1, 5, 1, 3, 1, 1, 10, 1, 3, 1, 5, 1]
        let succeeded = await withTaskGroup(of: Int.self) { group in
            for count in counts {
                group.addTask {
                    (try? await engine.lottery.draw(campaignCode: "MIXED", campaignId: nil, drawCount: count, drawType: nil, for: user))
                        .map { $0.drawCount } ?? 0
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let drawn = succeeded.reduce(0, +)
        let records = try await engine.database.read { db in
            try LotteryDrawRecord.filter(Column("user_id") == user.userId).fetchAll(db)
        }
        #expect(records.count == drawn)
        // Every batch is complete: its sequence numbers run 1…n.
        for (_, batch) in Dictionary(grouping: records, by: { $0.batchId ?? "" }) {
            #expect(batch.map(\.drawSequence).sorted() == Array(1...batch.count))
        }
        // 1000 points at 100 a draw, each draw paying 1 back: at most 10 draws are affordable.
        #expect(drawn <= 10 && drawn >= 9)
        try await Self.expectLedgerConsistent(engine, user: user.userId, startingWith: 1000)
    }

    static func expectLedgerConsistent(_ engine: V4Engine, user: Int64, startingWith points: Int) async throws {
        let (account, rows, draws) = try await engine.database.read { db in
            (try PointsAccountRecord.filter(Column("user_id") == user).fetchOne(db)!,
             try PointsTransactionRecord.filter(Column("user_id") == user).order(Column("record_id")).fetchAll(db),
             try LotteryDrawRecord.filter(Column("user_id") == user).fetchAll(db))
        }
        #expect(account.availablePoints >= 0)
        #expect(rows.map(\.signedAmount).reduce(0, +) == account.availablePoints, "ledger rows sum to the balance")
        let won = draws.reduce(0) { $0 + $1.prizeValue }
        #expect(account.availablePoints == points - draws.count * 100 + won)
        for (previous, row) in zip(rows, rows.dropFirst()) { #expect(row.balanceBefore == previous.balanceAfter) }
    }
}
