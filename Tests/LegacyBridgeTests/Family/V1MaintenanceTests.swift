import BridgeKit
import Foundation
import LegacyAPI
import Testing

/// D1-V1 §4.6.4's maintenance window closes the wheel on both families (3003 with the window's
/// message), nothing is charged meanwhile, and closing it opens the wheel again.
@Suite struct V1MaintenanceTests {
    @Test func theWindowClosesDrawsOnBothFamilies() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client in
            let merchant = try await V1UploadFlowTests.v1Login(client, "13900139000")
            let user = try await V1UploadFlowTests.v1Login(client, "13800138000")
            let opened = try await client.send(
                .post, "/api/v1/merchant/lottery/maintenance", json: ["enabled": true, "message": "系统升级维护中，预计2小时后恢复"], token: merchant)
            #expect(opened.body["code"] == 0, Comment(rawValue: opened.raw))
            let v1 = try await client.send(.post, "/api/v1/lottery/draw", json: ["count": 1], token: user)
            #expect(v1.status == 503 && v1.body["code"] == 3003 && v1.body["message"] == "系统升级维护中，预计2小时后恢复", Comment(rawValue: v1.raw))
            let legacy = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: user)
            #expect(legacy.status == 503 && legacy.body["code"] == 3003 && legacy.body["msg"] == "系统升级维护中，预计2小时后恢复", Comment(rawValue: legacy.raw))
            let balance = try await client.send(.get, "/api/v1/user/profile", token: user).body["data"]?["points"]
            #expect(balance == 1000, "nothing charged while closed")
            // A window that starts tomorrow does not close the wheel today.
            let later = Timestamp.utc(Date().addingTimeInterval(86_400))
            _ = try await client.send(
                .post, "/api/v1/merchant/lottery/maintenance", json: ["enabled": true, "startTime": .string(later)], token: merchant)
            #expect(try await client.send(.post, "/api/v1/lottery/draw", json: ["count": 1], token: user).body["code"] == 0)
            _ = try await client.send(.post, "/api/v1/merchant/lottery/maintenance", json: ["enabled": false], token: merchant)
            #expect(try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: user).body["code"] == 0)
        }
    }
}
