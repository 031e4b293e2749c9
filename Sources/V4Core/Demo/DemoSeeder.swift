import V4Contract
import BridgeKit
import GRDB

/// The demo data set `serve --demo` starts with (documented in README.md).
public enum DemoSeeder {
    public static let testUserMobile = "13800138000"
    public static let merchantMobile = "13900139000"
    public static let adminUsername = "admin"
    public static let campaignCode = "BASIC_LOTTERY"

    /// What seeding did; `adminPassword` is set only when the admin was created now.
    public struct Report: Sendable {
        public var seeded: Bool
        public var adminUsername: String
        public var adminPassword: String?
    }

    /// Seeds an empty database; a database that already has the demo user is left alone.
    /// The admin password comes from `adminPassword` or is generated (and reported once).
    public static func seed(_ engine: V4Engine, adminPassword: String? = nil) async throws -> Report {
        let now = engine.configuration.clock()
        let alreadySeeded = try await engine.database.read { db in
            try UserRecord.filter(UserRecord.Columns.mobile == testUserMobile).fetchCount(db) > 0
        }
        if alreadySeeded { return Report(seeded: false, adminUsername: adminUsername, adminPassword: nil) }

        let bonus = engine.configuration.registrationBonus
        try await engine.database.write { db in
            var (user, _) = try UserDirectory.findOrCreate(mobile: testUserMobile, registrationBonus: bonus, in: db, at: now)
            user.nickname = "开发测试用户"
            try user.update(db)
            var (merchant, _) = try UserDirectory.findOrCreate(mobile: merchantMobile, registrationBonus: bonus, in: db, at: now)
            merchant.nickname = "演示商家"
            try merchant.update(db)
            try UserDirectory.grant(RoleName.merchant, to: merchant.userId!, in: db, at: now)
            try seedLottery(db, at: now)
            try seedProducts(db, at: now)
        }
        let password = adminPassword ?? AdminAccounts.generatePassword()
        try await AdminAccounts.upsert(
            username: adminUsername, password: password, in: engine.database, at: now, cost: engine.configuration.adminPasswordCost)
        return Report(seeded: true, adminUsername: adminUsername, adminPassword: password)
    }

    /// The 8-segment wheel: names, types and weights from the only full list (legacy D1-V1 §3.2),
    /// angles 0…315 in 45° steps, 九八折券 as the 10-draw pity prize.
    static func seedLottery(_ db: Database, at now: Date) throws {
        var campaign = LotteryCampaignRecord(
            campaignCode: campaignCode, campaignName: "餐厅积分抽奖", status: .active, drawCost: 100, maxDrawsPerDay: 50,
            startTime: now.addingTimeInterval(-86400), endTime: nil, guaranteeRule: nil,
            description: "8区域转盘，10次保底九八折券", createdAt: now)
        try campaign.insert(db)
        let wheel: [(String, String, Double, Int, String, String?, String)] = [
            ("八八折券", "coupon", 0.00, 88, "#E74C3C", "88.00", "🎫"),
            ("九八折券", "coupon", 0.10, 98, "#27AE60", "98.00", "🎫"),
            ("甜品1份", "physical", 0.30, 0, "#F39C12", nil, "🍰"),
            ("青菜1份", "physical", 0.30, 0, "#2ECC71", nil, "🥬"),
            ("虾1份", "physical", 0.05, 0, "#E67E22", nil, "🦐"),
            ("花甲1份", "physical", 0.20, 0, "#3498DB", nil, "🐚"),
            ("鱿鱼1份", "physical", 0.05, 0, "#9B59B6", nil, "🦑"),
            ("生腌拼盘158", "physical", 0.00, 158, "#1ABC9C", nil, "🍱"),
        ]
        var pityPrizeId: Int64?
        for (index, prize) in wheel.enumerated() {
            var record = LotteryPrizeRecord(
                campaignId: campaign.campaignId!, prizeName: prize.0, prizeType: prize.1, winProbability: prize.2,
                stockQuantity: nil, prizeValue: prize.3, costPoints: 0, maxDailyWins: nil, dailyWinCount: 0,
                dailyWinDate: nil, status: .active, icon: prize.6, angle: index * 45, color: prize.4, sortOrder: index + 1,
                valueText: prize.5)
            try record.insert(db)
            if prize.0 == "九八折券" { pityPrizeId = record.prizeId }
        }
        campaign.guaranteeRule = JSONValue.object([
            "enabled": true, "trigger_count": 10, "guarantee_prize_id": .int(pityPrizeId!),
            "guarantee_prize_name": "九八折券", "reset_after_trigger": true,
        ]).serialized()
        try campaign.update(db)
    }

    static func seedProducts(_ db: Database, at now: Date) throws {
        // name, category, points, stock, original price, hot, discount (% of the price), ships?
        let products: [(String, String, Int, Int, Double, Bool, Int?, Bool)] = [
            ("八八折优惠券", "voucher", 500, 100, 10.00, true, nil, false),
            ("星巴克咖啡券", "drink", 300, 50, 35.00, true, 86, false),
            ("招牌甜品兑换券", "food", 200, 80, 18.00, false, nil, false),
            ("生腌拼盘代金券", "voucher", 1500, 20, 158.00, false, nil, false),
            ("定制帆布袋", "gift", 800, 0, 39.00, false, nil, true),
            ("定制保温杯", "gift", 600, 5, 59.00, false, nil, true),
        ]
        for (index, p) in products.enumerated() {
            var record = ProductRecord(
                name: p.0, description: "\(p.0)（演示数据）", image: nil, category: p.1, space: "lucky", exchangePoints: p.2,
                stock: p.3, originalPrice: p.4, costPrice: nil, status: .active, createdAt: now, isHot: p.5,
                sortOrder: index + 1, salesCount: 0, discount: p.6, updatedAt: now, legacyExtras: nil,
                deliveryType: p.7 ? "physical" : "virtual")
            try record.insert(db)
        }
    }
}
