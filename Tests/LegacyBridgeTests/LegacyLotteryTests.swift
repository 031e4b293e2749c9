import BridgeKit
import Foundation
import GRDB
import HummingbirdTesting
import Testing
import V4Core

/// Legacy lottery behaviour that needs arranged data: limits, campaign state, sanitisation.
@Suite struct LegacyLotteryTests {
    static func setCampaign(_ engine: V4Engine, _ sql: String) async throws {
        try await engine.database.write { db in
            try db.execute(sql: sql, arguments: [DemoSeeder.campaignCode])
        }
    }

    @Test func dailyLimitUsesTheDocumentedDynamicMessage() async throws {
        try await TestBridge.withEmbeddedBridge { client, engine in
            try await Self.setCampaign(engine, "UPDATE lottery_campaigns SET max_draws_per_day = 2 WHERE campaign_code = ?")
            let token = try await client.legacyLogin().0
            for _ in 0..<2 {
                let ok = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                #expect(ok.body["code"] == 0, Comment(rawValue: ok.raw))
            }
            let refused = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            #expect(refused.body["code"] == 3003)
            #expect(refused.body["msg"] == "今日抽奖次数已达上限 2 次")
            #expect(refused.status == 400)
            // The refused draw cost nothing.
            let info = try await client.send(.get, "/api/user/info", token: token)
            #expect(info.body["data"]?["total_points"] == 800)
        }
    }

    @Test func inactiveOrMissingCampaignIsMaintenance() async throws {
        try await TestBridge.withEmbeddedBridge { client, engine in
            let token = try await client.legacyLogin().0
            try await Self.setCampaign(engine, "UPDATE lottery_campaigns SET status = 'inactive' WHERE campaign_code = ?")
            let draw = try await client.send(.post, "/api/lottery/draw", json: [:], token: token)
            #expect(draw.body["code"] == 3003)
            #expect(draw.body["msg"] == "抽奖系统维护中")
            #expect(draw.status == 503)
            try await Self.setCampaign(engine, "UPDATE lottery_campaigns SET campaign_code = 'RENAMED' WHERE campaign_code = ?")
            let config = try await client.send(.get, "/api/lottery/config", token: token)
            #expect(config.body["code"] == 3003)
            let info = try await client.send(.get, "/api/user/info", token: token)
            #expect(info.body["data"]?["total_points"] == 1000, "nothing was charged")
        }
    }

    @Test func probabilitiesAndCostsNeverLeak() async throws {
        try await TestBridge.withEmbeddedBridge { client, _ in
            let token = try await client.legacyLogin().0
            let config = try await client.send(.get, "/api/lottery/config", token: token)
            for prize in config.body["data"]?["prizes"]?.arrayValue ?? [] {
                #expect(prize["probability"] == 0)
            }
            #expect(!config.raw.contains("0.3"), "no real weight appears anywhere")
            let v4Prizes = try await client.send(.get, "/api/v4/unified-engine/lottery/prizes/BASIC_LOTTERY", token: token)
            #expect(v4Prizes.body["data"]?.arrayValue?.count == 8)
            #expect(!v4Prizes.raw.contains("win_probability") && !v4Prizes.raw.contains("cost_points") && !v4Prizes.raw.contains("stock"))
            let v4Config = try await client.send(.get, "/api/v4/unified-engine/lottery/config/BASIC_LOTTERY", token: token)
            #expect(!v4Config.raw.contains("guarantee_prize_id") && !v4Config.raw.contains("trigger_count"))
            // Admins see everything ([B] dataLevel full).
            let admin = try await client.send(.post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let adminToken = try #require(admin.body["data"]?["access_token"]?.stringValue)
            let full = try await client.send(.get, "/api/v4/unified-engine/lottery/prizes/BASIC_LOTTERY", token: adminToken)
            #expect(full.body["data"]?.arrayValue?[1]["win_probability"] == 0.1)
        }
    }

    @Test func v4DrawValidatesCountAndHistoryIsSelfOnly() async throws {
        try await TestBridge.withEmbeddedBridge { client, _ in
            let token = try await client.legacyLogin().0
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let tooMany = try await client.send(
                .post, "/api/v4/unified-engine/lottery/draw", json: ["campaign_code": "BASIC_LOTTERY", "draw_count": 11], token: token)
            #expect(tooMany.body["code"] == "INVALID_DRAW_COUNT")
            let zero = try await client.send(
                .post, "/api/v4/unified-engine/lottery/draw", json: ["campaign_code": "BASIC_LOTTERY", "draw_count": 0], token: token)
            #expect(zero.body["code"] == "INVALID_DRAW_COUNT")
            let other = try await client.send(.get, "/api/v4/unified-engine/lottery/history/2", token: token)
            #expect(other.body["code"] == "SELF_ONLY")
            let own = try await client.send(.get, "/api/v4/unified-engine/lottery/history/2", token: merchant)
            #expect(own.body["success"] == true)
        }
    }
}
