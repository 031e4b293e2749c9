import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import V4Core

/// The embedded core's own `/api/v4` surface: envelope, auth and the points endpoints' access rules.
@Suite struct V4APITests {
    static let base = "/api/v4/unified-engine"

    func v4Login(_ client: any TestClientProtocol, _ mobile: String) async throws -> (token: String, userId: Int64) {
        let result = try await client.send(.post, Self.base + "/auth/login", json: ["mobile": .string(mobile), "verification_code": "123456"])
        guard let token = result.body["data"]?["access_token"]?.stringValue, let id = result.body["data"]?["user"]?["user_id"]?.intValue
        else { throw TestFailure(result.raw) }
        return (token, id)
    }

    @Test func envelopeAndLogin() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client in
            let result = try await client.send(.post, Self.base + "/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
            #expect(result.status == 200)
            #expect(result.body["success"] == true)
            #expect(result.body["code"] == "LOGIN_SUCCESS")
            #expect(result.body["version"] == "v4.0")
            #expect(result.body["data"]?["user"]?["mobile"] == "13800138000", "own mobile is not masked in V4")
            #expect(result.body["data"]?["expires_in"] == 7200)
            #expect(result.body["data"]?["user"]?["roles"]?.arrayValue?.first?["role_name"] == "user")
            let stamp = try #require(result.body["timestamp"]?.stringValue)
            let parsed = try #require(Timestamp.parse(stamp))
            #expect(abs(parsed.timeIntervalSinceNow) < 60, "the envelope carries the real time")
            #expect(stamp.hasSuffix("+08:00"))
        }
    }

    @Test func refreshAcceptsBodyAndHeaderAndRotates() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client in
            let login = try await client.send(.post, Self.base + "/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
            let refresh = try #require(login.body["data"]?["refresh_token"]?.stringValue)
            let viaBody = try await client.send(.post, Self.base + "/auth/refresh", json: ["refresh_token": .string(refresh)])
            #expect(viaBody.body["success"] == true)
            let next = try #require(viaBody.body["data"]?["refresh_token"]?.stringValue)
            let viaHeader = try await client.send(.post, Self.base + "/auth/refresh", body: nil, token: next)
            #expect(viaHeader.body["success"] == true)
            // The client moved on to `next`: the original is dead (Docs/compatibility.md A11).
            let reused = try await client.send(.post, Self.base + "/auth/refresh", json: ["refresh_token": .string(refresh)])
            #expect(reused.status == 401)
            #expect(reused.body["error"] == "INVALID_REFRESH_TOKEN")
            let missing = try await client.send(.post, Self.base + "/auth/refresh", json: [:])
            #expect(missing.status == 400)
            #expect(missing.body["code"] == "REFRESH_TOKEN_REQUIRED")
        }
    }

    /// `points.month_earned` counts this (Beijing) month's earnings only: not last year's, not
    /// spending. Read as a range of the (user, time) index.
    @Test func statisticsCountThisMonthsEarningsOnly() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client, engine in
            let user = try await v4Login(client, DemoSeeder.testUserMobile)
            func monthEarned() async throws -> JSONValue? {
                let answer = try await client.send(.get, Self.base + "/points/user/statistics/\(user.userId)", token: user.token)
                return answer.body["data"]?["statistics"]?["points"]?["month_earned"]
            }
            let before = try #require(try await monthEarned()?.intValue)
            let now = ISO8601DateFormatter().string(from: Date())
            for (id, type, amount, time) in [(900_001, "earn", 500, "2024-01-15T04:00:00Z"), (900_002, "earn", 70, now),
                                             (900_003, "consume", 30, now)] as [(Int64, String, Int, String)] {
                try await TestRows.insertPoints(
                    engine, id: id, userId: user.userId, type: type, amount: amount, before: nil, after: 0, business: "test",
                    source: "test", reference: nil, title: "t", description: nil, at: time)
            }
            #expect(try await monthEarned() == .int(before + 70))
        }
    }

    @Test func pointsAreSelfOrAdmin() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client in
            let user = try await v4Login(client, DemoSeeder.testUserMobile)
            let merchant = try await v4Login(client, DemoSeeder.merchantMobile)
            let own = try await client.send(.get, Self.base + "/points/balance/\(user.userId)", token: user.token)
            #expect(own.body["data"]?["available_points"] == 1000)
            let other = try await client.send(.get, Self.base + "/points/balance/\(merchant.userId)", token: user.token)
            #expect(other.status == 403)
            #expect(other.body["code"] == "SELF_ONLY")
            let otherStats = try await client.send(.get, Self.base + "/points/user/statistics/\(merchant.userId)", token: user.token)
            #expect(otherStats.status == 403)
            let noToken = try await client.send(.get, Self.base + "/points/balance/\(user.userId)")
            #expect(noToken.status == 401)
            #expect(noToken.body["code"] == "TOKEN_MISSING")

            let admin = try await client.send(.post, Self.base + "/auth/admin-login",
                                              json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let adminToken = try #require(admin.body["data"]?["access_token"]?.stringValue)
            let asAdmin = try await client.send(.get, Self.base + "/points/balance/\(user.userId)", token: adminToken)
            #expect(asAdmin.body["data"]?["available_points"] == 1000)

            let refused = try await client.send(.post, Self.base + "/points/admin/adjust",
                                                json: ["user_id": .int(user.userId), "amount": 50, "reason": "x"], token: user.token)
            #expect(refused.body["code"] == "ADMIN_ONLY")
            let adjusted = try await client.send(.post, Self.base + "/points/admin/adjust",
                                                 json: ["user_id": .int(user.userId), "amount": -300, "reason": "纠错"], token: adminToken)
            #expect(adjusted.body["data"]?["new_balance"] == 700)
            let overdraw = try await client.send(.post, Self.base + "/points/admin/adjust",
                                                 json: ["user_id": .int(user.userId), "amount": -701, "reason": "x"], token: adminToken)
            #expect(overdraw.body["code"] == "INSUFFICIENT_POINTS")
            #expect(overdraw.body["data"]?["current_points"] == 700)

            let page = try await client.send(.get, Self.base + "/points/transactions/\(user.userId)?limit=1&page=1", token: user.token)
            #expect(page.body["data"]?["transactions"]?.arrayValue?.count == 1)
            #expect(page.body["data"]?["transactions"]?[0]?["transaction_type"] == "consume")
            #expect(page.body["data"]?["transactions"]?[0]?["points_amount"] == 300)
            #expect(page.body["data"]?["pagination"]?["total"] == 2)
            #expect(page.body["data"]?["pagination"]?["total_pages"] == 2)
            let earnOnly = try await client.send(.get, Self.base + "/points/transactions/\(user.userId)?type=earn", token: user.token)
            #expect(earnOnly.body["data"]?["pagination"]?["total"] == 1)
            let badLimit = try await client.send(.get, Self.base + "/points/transactions/\(user.userId)?limit=1000", token: user.token)
            #expect(badLimit.body["code"] == "INVALID_PAGINATION")

            let legacy = try await client.legacyLogin()
            let info = try await client.send(.get, "/api/user/info", token: legacy.0)
            #expect(info.body["data"]?["total_points"] == 700, "the legacy view reads the same ledger")
            #expect(info.body["data"]?["total_spent"] == 300)
        }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
