import BridgeKit
import Foundation
import GRDB
import LegacyAPI
import Testing

/// D1-V1 §4.6.3 `PUT /api/v1/merchant/lottery/config`: the weights and the cost change for real
/// (the next draws follow them), every change is audited in the same transaction, the switch
/// closes the wheel on both families with the message given, and in front of 003 only the switch
/// is honoured while anything else changes nothing.
@Suite struct V1LotteryConfigTests {
    struct AuditRow: Sendable, Equatable {
        var field: String
        var prize: Int64?
        var old: String
        var new: String
        var admin: Int64
    }


    static let path = "/api/v1/merchant/lottery/config"

    @Test(arguments: [TestBridge.Mode.embeddedSocket, .upstreamHTTP])
    func weightsAndCostChangeTheDraws(mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            let merchant = try await V1UploadFlowTests.v1Login(client, "13900139000")
            let user = try await V1UploadFlowTests.v1Login(client, "13800138000")
            // Everything on 虾1份 (prize 5): every other prize to 0.
            let prizes: [JSONValue] = (1...8).map { ["id": .int(Int64($0)), "probability": $0 == 5 ? 100 : 0] }
            let changed = try await client.send(.put, Self.path, json: ["prizes": .array(prizes), "costPoints": 40], token: merchant)
            #expect(changed.body["code"] == 0, Comment(rawValue: changed.raw))
            // Prizes 1 and 8 already weighed 0: not affected.
            #expect(changed.body["data"]?["affectedPrizes"] == [2, 3, 4, 5, 6, 7], Comment(rawValue: changed.raw))

            let draw = try await client.send(.post, "/api/v1/lottery/draw", json: ["count": 5], token: user)
            let results = try #require(draw.body["data"]?["results"]?.arrayValue, Comment(rawValue: draw.raw))
            #expect(results.count == 5 && results.allSatisfy { $0["prizeId"] == 5 }, Comment(rawValue: draw.raw))
            #expect(draw.body["data"]?["totalCost"] == 200 && draw.body["data"]?["remainingPoints"] == 800, Comment(rawValue: draw.raw))
            // The /api family sees the new cost too.
            let config = try await client.send(.get, "/api/lottery/config", token: user)
            #expect(config.body["data"]?["costPerDraw"] == 40, Comment(rawValue: config.raw))

            let audit = try await engine.database.read { db in
                try Row.fetchAll(db, sql: "SELECT field, prize_id, old_value, new_value, admin_id FROM lottery_config_changes ORDER BY change_id")
                    .map { AuditRow(field: $0["field"], prize: $0["prize_id"], old: $0["old_value"], new: $0["new_value"], admin: $0["admin_id"]) }
            }
            #expect(audit.count == 7, "the cost and six weights")
            #expect(audit.first == AuditRow(field: "draw_cost", prize: nil, old: "100", new: "40", admin: audit.first?.admin ?? 0))
            let shrimp = audit.first { $0.prize == 5 }
            #expect(shrimp?.old == "0.05" && shrimp?.new == "1.0")
            #expect(Set(audit.map(\.admin)).count == 1)
            // A refused change writes nothing.
            let refused = try await client.send(.put, Self.path, json: ["prizes": [["id": 99, "probability": 5]], "costPoints": 70], token: merchant)
            #expect(refused.body["code"] == 4003, Comment(rawValue: refused.raw))
            let after = try await engine.database.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lottery_config_changes"), try Int.fetchOne(db, sql: "SELECT draw_cost FROM lottery_campaigns"))
            }
            #expect(after.0 == 7 && after.1 == 40)
        }
    }

    @Test func theSwitchClosesTheWheelOnBothFamiliesWithItsMessage() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client in
            let merchant = try await V1UploadFlowTests.v1Login(client, "13900139000")
            let user = try await V1UploadFlowTests.v1Login(client, "13800138000")
            let off = try await client.send(.put, Self.path, json: ["isActive": false, "maintenanceMessage": "转盘升级中"], token: merchant)
            #expect(off.body["data"]?["isActive"] == false, Comment(rawValue: off.raw))
            let v1 = try await client.send(.post, "/api/v1/lottery/draw", json: ["count": 1], token: user)
            #expect(v1.status == 503 && v1.body["code"] == 3003 && v1.body["message"] == "转盘升级中", Comment(rawValue: v1.raw))
            let legacy = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: user)
            #expect(legacy.body["code"] == 3003 && legacy.body["msg"] == "转盘升级中", Comment(rawValue: legacy.raw))
            let config = try await client.send(.get, "/api/v1/lottery/config", token: user)
            #expect(config.body["data"]?["isActive"] == false, Comment(rawValue: config.raw))
            #expect(try await client.send(.get, "/api/v1/user/profile", token: user).body["data"]?["points"] == 1000, "nothing charged")

            let on = try await client.send(.put, Self.path, json: ["isActive": true], token: merchant)
            #expect(on.body["data"]?["isActive"] == true, Comment(rawValue: on.raw))
            #expect(try await client.send(.post, "/api/v1/lottery/draw", json: ["count": 1], token: user).body["code"] == 0)
            #expect(try await client.send(.get, "/api/v1/lottery/config", token: user).body["data"]?["isActive"] == true)
        }
    }

    /// Oversized and concurrent: a body over the route's 16 KiB is refused in the family's
    /// envelope (never a 5xx); eight admins changing the cost at once are applied one after the
    /// other, each audited, none lost.
    @Test func oversizedAndConcurrentChanges() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, engine in
            let merchant = try await V1UploadFlowTests.v1Login(client, "13900139000")
            let huge = try await client.send(
                .put, Self.path, body: #"{"isActive": true, "maintenanceMessage": ""# + String(repeating: "长", count: 20_000) + #""}"#, token: merchant)
            #expect((400..<500).contains(huge.status) && (huge.body["code"]?.intValue ?? 0) >= 4000, Comment(rawValue: String(huge.raw.prefix(300))))
            let costs = (1...8).map { 100 + $0 * 10 }
            try await withThrowingTaskGroup(of: Int64?.self) { group in
                for cost in costs {
                    group.addTask { try await client.send(.put, Self.path, json: ["costPoints": .int(Int64(cost))], token: merchant).body["code"]?.intValue }
                }
                for try await code in group { #expect(code == 0) }
            }
            let (rows, final) = try await engine.database.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lottery_config_changes WHERE field = 'draw_cost'") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT draw_cost FROM lottery_campaigns") ?? 0)
            }
            #expect(rows == 8 && costs.contains(final), "\(rows) audit rows, cost \(final)")
        }
    }

    /// 003 has only the switch: it is honoured; a cost or a weight answers 1001 and nothing changes.
    @Test func inFrontOf003OnlyTheSwitchIsHonoured() async throws {
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20)) { client in
                let admin = try await V1UploadFlowTests.v1Login(client, "13900139000")
                let costly = try await client.send(.put, Self.path, json: ["isActive": false, "costPoints": 50], token: admin)
                #expect(costly.body["code"] == 1001, Comment(rawValue: costly.raw))
                let still = try await client.send(.get, "/api/v1/lottery/config", token: admin)
                #expect(still.body["data"]?["isActive"] == true && still.body["data"]?["costPoints"] == 100, Comment(rawValue: still.raw))

                let off = try await client.send(.put, Self.path, json: ["isActive": false], token: admin)
                #expect(off.body["code"] == 0 && off.body["data"]?["isActive"] == false, Comment(rawValue: off.raw))
                let config = try await client.send(.get, "/api/v1/lottery/config", token: admin)
                #expect(config.body["data"]?["isActive"] == false, Comment(rawValue: config.raw))
                let on = try await client.send(.put, Self.path, json: ["isActive": true], token: admin)
                #expect(on.body["data"]?["isActive"] == true, Comment(rawValue: on.raw))
            }
        }
    }
}
