import BridgeKit
import Foundation
import HTTPTypes
import AsyncHTTPClient
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import LegacyAPI
import Testing
#if canImport(Glibc)
import Glibc
#endif
import V4Contract

/// In front of the V4 seed 003 documents (no profile update, no avatar upload), the bridge
/// holds a user's nickname and avatar in its own store; they round-trip through the legacy API
/// and survive a restart. Without a store those routes answer 1001 as before.
@Suite struct BridgeStoreTests {
    @Test func profileAndAvatarRoundTripThroughTheBridgeStore() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            let png = LegacyPhotoReviewTests.image("receipt.png")
            let url = try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), state: try SQLiteBridgeStore(directory: directory)) { client in
                let token = try await client.legacyLogin().0
                let updated = try await client.send(.put, "/api/user/info", json: ["nickname": "小红书达人"], token: token)
                #expect(updated.body["code"] == 0 && updated.body["data"]?["nickname"] == "小红书达人", Comment(rawValue: updated.raw))
                let (body, contentType) = LegacyPhotoReviewTests.form(file: png, field: "avatar", name: "me.png", type: "image/png", fields: [:])
                let avatar = try await client.executeRequest(
                    uri: "/api/user/avatar", method: .post, headers: [.contentType: contentType, .authorization: "Bearer \(token)"], body: body)
                let answer = try JSONValue.parse(avatar.body.readableBytesView)
                let url = try #require(answer["data"]?["avatarUrl"]?.stringValue, Comment(rawValue: answer.serialized()))
                #expect(url.hasPrefix("http://") && url.contains("/files/bridge/avatars/") && url.hasSuffix(".png"), "\(url)")
                let served = try await client.executeRequest(
                    uri: String(url[url.range(of: "/files/")!.lowerBound...]), method: .get, headers: [:], body: nil)
                #expect(served.status == .ok && served.headers[.contentType] == "image/png" && Array(served.body.readableBytesView) == png)
                let info = try await client.send(.get, "/api/user/info", token: token)
                #expect(info.body["data"]?["nickname"] == "小红书达人" && info.body["data"]?["avatar"] == .string(url), Comment(rawValue: info.raw))
                let notMine = try await client.executeRequest(uri: "/files/bridge/avatars/..%2F..%2Fetc.png", method: .get, headers: [:], body: nil)
                #expect(notMine.status == .notFound)
                let webp = try await client.executeRequest(
                    uri: "/api/user/avatar", method: .post, headers: [.contentType: contentType, .authorization: "Bearer \(token)"],
                    body: LegacyPhotoReviewTests.form(file: Array("not an image".utf8), field: "avatar", name: "x.png", type: "image/png", fields: [:]).0)
                #expect(try JSONValue.parse(webp.body.readableBytesView)["code"] != 0)
                return url
            }
            // A new bridge process on the same store: still there. (In this one test process
            // the first server's last tasks can hold its store a moment after it stopped, under
            // the whole suite's load: the reopening waits for the lock as a new process would.)
            var reopened: SQLiteBridgeStore?
            for _ in 0..<100 where reopened == nil {
                do { reopened = try SQLiteBridgeStore(directory: directory) } catch is SQLiteBridgeStore.InUse { try await Task.sleep(for: .milliseconds(100)) }
            }
            let store = try #require(reopened, "the first server never released its store")
            reopened = nil
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), state: store) { client in
                let token = try await client.legacyLogin().0
                let info = try await client.send(.get, "/api/user/info", token: token)
                #expect(info.body["data"]?["nickname"] == "小红书达人", Comment(rawValue: info.raw))
                #expect(info.body["data"]?["avatar"]?.stringValue?.hasSuffix(String(url.split(separator: "/").last!)) == true)
            }
            // No store: the routes V4 lacks answer 1001 功能暂不可用, as the degradation table says.
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20)) { client in
                let token = try await client.legacyLogin().0
                let refused = try await client.send(.put, "/api/user/info", json: ["nickname": "x"], token: token)
                #expect(refused.body["code"] == 1001, Comment(rawValue: refused.raw))
            }
        }
    }

    /// 003's exchange keeps no address: the bridge keeps the one the client sent, and the order
    /// list shows it (masked as the legacy view does).
    @Test func anExchangesDeliveryAddressShowsInTheOrders() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), state: try SQLiteBridgeStore(directory: directory)) { client in
                let token = try await client.legacyLogin().0
                let products = try await client.send(.get, "/api/exchange/products?limit=50", token: token)
                let cup = try #require(products.body["data"]?["products"]?.arrayValue?.first { $0["name"] == "定制保温杯" }?["commodity_id"], Comment(rawValue: products.raw))
                let order = try await client.send(
                    .post, "/api/exchange/submit",
                    json: ["product_id": cup, "quantity": 1,
                           "delivery_info": ["recipient_name": "李四", "recipient_phone": "13900001111", "recipient_address": "上海市浦东新区世纪大道100号"]],
                    token: token)
                #expect(order.body["code"] == 0, Comment(rawValue: order.raw))
                let orders = try await client.send(.get, "/api/exchange/orders", token: token)
                let delivery = try #require(orders.body["data"]?["orders"]?[0]?["delivery_info"], Comment(rawValue: orders.raw))
                #expect(delivery["recipient_name"] == "李四" && delivery["recipient_address"]?.stringValue?.hasPrefix("上海市") == true,
                        Comment(rawValue: orders.raw))
            }
        }
    }

    /// 003 refuses a draw by a user without the campaign's role; the bridge grants it with its
    /// service session and the draw goes through, charged once. Without a session: 2003.
    @Test func aUserWithoutTheCampaignRoleDrawsAfterTheBridgeGrantsIt() async throws {
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            var deployment = LegacyDeployment()
            let admin = try #require(ServiceSession.parse("13900139000:123456"))
            deployment.coreAdmin = admin
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), deployment: deployment) { client in
                // A new mobile: 003's quick-login creates the user with the `user` role only.
                let token = try await client.legacyLogin("13700009999").0
                // 003 registers new users with 0 points: an admin gives this one some, through V4.
                let v4 = HTTPUpstreamTransport(baseURL: double.url, timeout: .seconds(20))
                let userId = try #require(try await client.send(.get, "/api/user/info", token: token).body["data"]?["user_id"]?.intValue)
                _ = try await admin.call(V4API.Points.adjust, .init(userId: userId, amount: 500, reason: "test"), via: v4)
                await v4.shutdown()
                let before = try await client.send(.get, "/api/user/info", token: token).body["data"]?["total_points"]?.intValue ?? -1
                let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
                let spends = try await client.send(.get, "/api/user/points/records?type=spend", token: token)
                #expect(before == 500 && spends.body["data"]?["records"]?.arrayValue?.count == 1, "charged once: \(spends.raw)")
                let second = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                #expect(second.body["code"] == 0 || second.body["code"] == 3001, "the role stays: \(second.raw)")
                #expect(try await client.send(.get, "/health").body["data"]?["service_session"] == "ok")
            }
            // A session that cannot log in: the user hears V4's refusal (2003), /health the failure.
            var failing = LegacyDeployment()
            failing.coreAdmin = try #require(ServiceSession.parse("13900139000:000000"))
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), deployment: failing) { client in
                let token = try await client.legacyLogin("13700007777").0
                let refused = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                #expect(refused.body["code"] == 2003, Comment(rawValue: refused.raw))
                let health = try await client.send(.get, "/health")
                #expect(health.body["data"]?["service_session"]?.stringValue?.hasPrefix("failing") == true, Comment(rawValue: health.raw))
            }
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20)) { client in
                let token = try await client.legacyLogin("13700008888").0
                let refused = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                #expect(refused.body["code"] == 2003, Comment(rawValue: refused.raw))
            }
        }
    }

    /// `legacy-bridge serve --core URL` with its store: a nickname set through it survives a
    /// kill -9, and a second `serve` on the same state directory stops with a clear message.
    @Test func theStoreSurvivesKillNineAndRefusesASecondProcess() async throws {
        let binary = TestBridge.packageRoot + "/.build/debug/legacy-bridge"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the package first")
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            func start() async throws -> (ChildProcess, Int, LineCollector) {
                let child = try ChildProcess.spawn(
                    binary, ["serve", "--core", double.url, "--port", "0", "--state", directory, "--mappings", TestBridge.mappingsDirectory])
                let lines = LineCollector()
                PipeReader.follow(try #require(child.output)) { lines.append($0) }
                return (child, try await lines.waitForPort(timeout: .seconds(30)), lines)
            }
            func send(_ port: Int, _ method: HTTPMethod, _ path: String, _ body: String? = nil, token: String? = nil) async throws -> JSONValue {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                request.method = method
                request.headers.add(name: "Content-Type", value: "application/json")
                if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                if let body { request.body = .bytes(ByteBuffer(string: body)) }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                return try JSONValue.parse(try await response.body.collect(upTo: 1 << 20).readableBytesView)
            }
            let (first, port, _) = try await start()
            let login = try await send(port, .POST, "/api/auth/login", #"{"mobile":"13800138000","verification_code":"123456"}"#)
            let token = try #require(login["data"]?["access_token"]?.stringValue, Comment(rawValue: login.serialized()))
            let updated = try await send(port, .PUT, "/api/user/info", #"{"nickname":"断电也在"}"#, token: token)
            #expect(updated["code"] == 0, Comment(rawValue: updated.serialized()))
            // A second process on the same state directory stops at start-up.
            let (status, text) = try await DiffCommandTests.run(["serve", "--core", double.url, "--port", "0", "--state", directory])
            #expect(status != 0 && text.contains("in use by another legacy-bridge process"), Comment(rawValue: text))
            first.signal(SIGKILL)
            _ = first.wait()
            let (second, port2, _) = try await start()
            defer { second.signal(SIGKILL); _ = second.wait() }
            let info = try await send(port2, .GET, "/api/user/info", token: token)
            #expect(info["data"]?["nickname"] == "断电也在", Comment(rawValue: info.serialized()))
        }
    }

    /// A bridge in front of the documented-V4 double with a SQLite bridge store and the service
    /// session (the double's admin); `adjust` changes the deployment.
    static func withStoreBefore003(
        adjust: @Sendable (inout LegacyDeployment) -> Void = { _ in },
        _ body: @Sendable @escaping (any TestClientProtocol, _ directory: String, SQLiteBridgeStore) async throws -> Void
    ) async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            var deployment = LegacyDeployment()
            deployment.coreAdmin = try #require(ServiceSession.parse("13900139000:123456"))
            adjust(&deployment)
            let store = try SQLiteBridgeStore(directory: directory)
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), state: store, deployment: deployment) { client in
                try await body(client, directory, store)
            }
        }
    }

    /// 003 has no merchant role: a user applies through the bridge, an admin approves with
    /// `legacy-bridge merchants`, and the merchant sees a customer's upload pending and approves
    /// it (the bridge calls 003's admin-only endpoints with its service session); the customer's
    /// balance shows what V4 credited. Others, and a merchant's own upload, are refused.
    @Test func aMerchantTheBridgeApprovedReviewsThrough003() async throws {
        let binary = TestBridge.packageRoot + "/.build/debug/legacy-bridge"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the package first")
        try await Self.withStoreBefore003 { client, directory, _ in
            let merchant = try await client.legacyLogin("13800138000").0
            let refusedBefore = try await client.send(.get, "/api/merchant/pending-reviews", token: merchant)
            #expect(refusedBefore.body["code"] == 2003, "not a merchant yet: \(refusedBefore.raw)")
            let applied = try await client.send(
                .post, "/api/merchant/apply",
                json: ["business_name": "张记小馆", "contact_person": "张三", "contact_phone": "13800138000"], token: merchant)
            #expect(applied.body["code"] == 0 && applied.body["data"]?["status"] == "pending", Comment(rawValue: applied.raw))
            let (_, listed) = try await DiffCommandTests.run(["merchants", "list", "--state", directory])
            #expect(listed.contains("pending") && listed.contains("张记小馆"), Comment(rawValue: listed))
            let id = try #require(listed.split(separator: "\t").first.map(String.init))
            let (approvedStatus, approved) = try await DiffCommandTests.run(["merchants", "approve", id, "--state", directory])
            #expect(approvedStatus == 0 && approved.contains("approved"), Comment(rawValue: approved))

            let customer = try await client.legacyLogin("13700005555").0
            let uploaded = try await LegacyPhotoReviewTests.upload(client, token: customer, file: LegacyPhotoReviewTests.image("receipt.jpg"))
            let uploadId = try #require(uploaded.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: uploaded.raw))
            let before = try await client.send(.get, "/api/user/info", token: customer).body["data"]?["total_points"]?.intValue ?? -1
            let pending = try await client.send(.get, "/api/merchant/pending-reviews", token: merchant)
            #expect(pending.body["code"] == 0 && pending.raw.contains(uploadId), Comment(rawValue: pending.raw))
            let review = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": .string(uploadId), "action": "approved", "actual_amount": 58.5], token: merchant)
            #expect(review.body["code"] == 0, Comment(rawValue: review.raw))
            let after = try await client.send(.get, "/api/user/info", token: customer).body["data"]?["total_points"]?.intValue ?? -1
            #expect(after > before, "the customer's balance shows what V4 credited: \(before) → \(after)")

            let stranger = try await client.legacyLogin("13700004444").0
            #expect(try await client.send(.get, "/api/merchant/pending-reviews", token: stranger).body["code"] == 2003)
            let own = try await LegacyPhotoReviewTests.upload(client, token: merchant, file: LegacyPhotoReviewTests.image("receipt.png"), name: "r.png")
            let ownId = try #require(own.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: own.raw))
            let selfReview = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": .string(ownId), "action": "approved", "actual_amount": 58.5], token: merchant)
            #expect(selfReview.body["code"] == 2003, Comment(rawValue: selfReview.raw))
        }
    }

    /// `--legacy-review-points`: 003 credits a flat 20; the bridge posts the rest of the legacy
    /// rule's 585 (58.50 × 10) once — not again for a repeated review, nor from a second claim.
    @Test func theLegacyPointsRuleIsToppedUpOnce() async throws {
        try await Self.withStoreBefore003(adjust: { $0.topsUpLegacyReviewPoints = true }) { client, _, store in
            let admin = try await client.legacyLogin("13900139000").0
            let customer = try await client.legacyLogin("13700005151").0
            let uploaded = try await LegacyPhotoReviewTests.upload(client, token: customer, file: LegacyPhotoReviewTests.image("receipt.jpg"))
            let uploadId = try #require(uploaded.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: uploaded.raw))
            let before = try await client.send(.get, "/api/user/info", token: customer).body["data"]?["total_points"]?.intValue ?? -1
            let body: JSONValue = ["upload_id": .string(uploadId), "action": "approved", "actual_amount": 58.5]
            let review = try await client.send(.post, "/api/merchant/review", json: body, token: admin)
            #expect(review.body["code"] == 0 && review.body["data"]?["points_awarded"] == 585, Comment(rawValue: review.raw))
            let again = try await client.send(.post, "/api/merchant/review", json: body, token: admin)
            #expect(again.body["code"] != 0, Comment(rawValue: again.raw))
            let after = try await client.send(.get, "/api/user/info", token: customer).body["data"]?["total_points"]?.intValue ?? -1
            #expect(after - before == 585, "20 from V4's rule + 565 posted once: \(before) → \(after)")
            #expect(try store.claimTopUp(resourceId: 999, userId: 1, points: 5, at: Date()))
            #expect(try !store.claimTopUp(resourceId: 999, userId: 1, points: 5, at: Date()), "claimed once")
        }
    }

    /// 003 keeps no amount and no legacy upload id: the store does. The upload answer, the
    /// history, the merchant's pending list and the review show them; the legacy id is accepted
    /// back on review and on the detail route.
    @Test func uploadAmountsAndLegacyIdsRoundTripThroughTheStore() async throws {
        try await Self.withStoreBefore003 { client, _, _ in
            let admin = try await client.legacyLogin("13900139000").0
            let customer = try await client.legacyLogin("13700005252").0
            let uploaded = try await LegacyPhotoReviewTests.upload(
                client, token: customer, file: LegacyPhotoReviewTests.image("receipt.jpg"), amount: "88.50")
            let uploadId = try #require(uploaded.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: uploaded.raw))
            #expect(uploadId.hasPrefix("upload_") && uploaded.body["data"]?["amount"]?.doubleValue == 88.5, Comment(rawValue: uploaded.raw))
            let history = try await client.send(.get, "/api/photo/history", token: customer)
            #expect(history.raw.contains(uploadId) && history.raw.contains("88.5"), Comment(rawValue: history.raw))
            let pending = try await client.send(.get, "/api/merchant/pending-reviews", token: admin)
            #expect(pending.raw.contains(uploadId) && pending.raw.contains("88.5"), Comment(rawValue: pending.raw))
            let detail = try await client.send(.get, "/api/photo/review/\(uploadId)", token: customer)
            #expect(detail.body["code"] == 0 && detail.raw.contains(uploadId), Comment(rawValue: detail.raw))
            let review = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": .string(uploadId), "action": "approved", "actual_amount": 88.5], token: admin)
            #expect(review.body["code"] == 0 && review.raw.contains(uploadId), Comment(rawValue: review.raw))
        }
    }

    /// The service session from a file: refused when others may read it, or when it is not a
    /// session; never echoed.
    @Test func theServiceSessionFileIsOwnerOnlyAndChecked() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/core-admin"
        try "13900139000:secret-code\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let arguments = ["serve", "--core", "http://127.0.0.1:9", "--port", "0", "--state", directory + "/state", "--core-admin-file", file]
        let (status, text) = try await DiffCommandTests.run(arguments)
        #expect(status != 0 && text.contains("readable by others") && !text.contains("secret-code"), Comment(rawValue: text))
        try "not a session\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let (badStatus, bad) = try await DiffCommandTests.run(arguments)
        #expect(badStatus != 0 && bad.contains("must be mobile:code"), Comment(rawValue: bad))
    }

    @Test func oneProcessPerSQLiteStateDirectory() throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SQLiteBridgeStore(directory: directory)
        #expect { try SQLiteBridgeStore(directory: directory) } throws: { error in
            "\(error)".contains("in use by another legacy-bridge process")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/bridge.sqlite")
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "owner-only")
        _ = first
    }
}
