import BridgeAssembly
import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import LegacyAPI
import ServerKit
import Testing
import V4Core

/// Issue 24's low findings, each over a real socket or the real router: what a hostile or
/// careless client could do before, and what it gets now.
@Suite struct HostileClientTests {
    /// Eight identical receipts uploaded at once all succeed (content-addressed bytes stored
    /// once), and no temporary file is left behind.
    @Test(arguments: [TestBridge.Mode.embeddedSocket])
    func identicalConcurrentUploadsAllSucceedAndLeaveNoTemporaryFile(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            let token = try await client.legacyLogin().0
            let bytes = LegacyPhotoReviewTests.image("receipt.jpg")
            let codes = try await withThrowingTaskGroup(of: JSONValue?.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await LegacyPhotoReviewTests.upload(client, token: token, file: bytes).body["code"] }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 0 }, "\(codes)")
            let stored = try await LegacyPhotoReviewTests.counts(engine)
            #expect(stored.rows == 8 && stored.files == 1, "eight uploads, one stored object, no .tmp-: \(stored)")
        }
    }

    /// A user's uploads are bounded per day: the 21st is refused with 3007 and stores nothing.
    @Test func uploadsPerUserAreBoundedPerDay() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client, engine in
            let token = try await client.legacyLogin().0
            let bytes = LegacyPhotoReviewTests.image("receipt.png")
            for number in 0..<20 {
                let ok = try await LegacyPhotoReviewTests.upload(client, token: token, file: bytes, amount: "\(number + 1).00", name: "r.png")
                #expect(ok.body["code"] == 0, Comment(rawValue: ok.raw))
            }
            let refused = try await LegacyPhotoReviewTests.upload(client, token: token, file: bytes, amount: "5.00", name: "r.png")
            #expect(refused.status == 429 && refused.body["code"] == 3007, Comment(rawValue: refused.raw))
            #expect(try await LegacyPhotoReviewTests.counts(engine).rows == 20)
        }
    }

    /// A reviewer's hand-given award is bounded by the receipt (its amount by the route's rule,
    /// 10 points a yuan, times the rule's max_factor 2): more is refused and nothing is
    /// credited; up to the ceiling is allowed (D0's own example: 600 for 58.50).
    @Test func aReviewerCannotAwardMoreThanTheReceiptEarns() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client, _ in
            let user = try await client.legacyLogin().0
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            _ = try await LegacyPhotoReviewTests.upload(client, token: user, file: LegacyPhotoReviewTests.image("receipt.jpg"))
            let greedy = try await client.send(
                .post, "/api/merchant/reviews/1/approve", json: ["actual_amount": 58.5, "points_awarded": 1171], token: merchant)
            #expect(greedy.body["code"] == 4003, Comment(rawValue: greedy.raw))
            #expect(try await client.send(.get, "/api/user/info", token: user).body["data"]?["total_points"] == 1000)
            let fair = try await client.send(
                .post, "/api/merchant/reviews/1/approve", json: ["actual_amount": 58.5, "points_awarded": 1170], token: merchant)
            #expect(fair.body["code"] == 0, Comment(rawValue: fair.raw))
            #expect(try await client.send(.get, "/api/user/info", token: user).body["data"]?["total_points"] == 2170)
        }
    }

    /// `admin/adjust` takes only the documented type; a login body larger than a login needs is
    /// refused before it is read.
    @Test func adjustTypesAndOpenBodiesAreBounded() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, _ in
            let admin = try await client.send(.post, "/api/v4/unified-engine/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let token = try #require(admin.body["data"]?["access_token"]?.stringValue, Comment(rawValue: admin.raw))
            let odd = try await client.send(
                .post, "/api/v4/unified-engine/points/admin/adjust", json: ["user_id": 1, "amount": 5, "reason": "r", "type": "lottery_win"], token: token)
            #expect(odd.status == 400 && odd.body["code"] == "INVALID_PARAMETER", Comment(rawValue: odd.raw))
            let documented = try await client.send(
                .post, "/api/v4/unified-engine/points/admin/adjust", json: ["user_id": 1, "amount": 5, "reason": "r", "type": "admin_adjust"], token: token)
            #expect(documented.body["success"] == true, Comment(rawValue: documented.raw))
            let padding = String(repeating: "x", count: 8000)
            let big = try await client.send(.post, "/api/auth/login", body: #"{"mobile":"13800138000","verification_code":"123456","pad":"\#(padding)"}"#)
            #expect(big.status == 413 && big.body["code"] == 4006, Comment(rawValue: big.raw))
            let bigV4 = try await client.send(.post, "/api/v4/unified-engine/auth/login", body: #"{"mobile":"13800138000","verification_code":"123456","pad":"\#(padding)"}"#)
            #expect(bigV4.status == 413, Comment(rawValue: bigV4.raw))
        }
    }

    /// Behind nginx on this machine every client arrives from 127.0.0.1: `/metrics` judges the
    /// client nginx names, so an outside client gets 404 and a local one the metrics.
    @Test func metricsBehindATrustedProxyJudgeTheForwardedClient() async throws {
        try await TestBridge.withTrustingBridge(["127.0.0.1", "::1"]) { client in
            let outside = try await client.executeRequest(uri: "/metrics", method: .get, headers: [.xForwardedFor: "203.0.113.20"], body: nil)
            #expect(outside.status == .notFound)
            let local = try await client.executeRequest(uri: "/metrics", method: .get, headers: [.xForwardedFor: "127.0.0.1"], body: nil)
            #expect(local.status == .ok)
        }
    }
}
