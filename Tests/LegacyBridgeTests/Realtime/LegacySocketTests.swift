import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOWebSocket
import Testing
import V4Core
@testable import LegacyAPI

/// `/ws` with real WebSocket clients on real sockets, in both socket modes: the embedded core
/// raising events after its commits, and a bridge in front of a V4 core over HTTP raising them
/// from the answers it translates (Docs/compatibility.md §W).
@Suite struct LegacySocketTests {
    static let socketModes: [TestBridge.Mode] = [.embeddedSocket, .upstreamHTTP]

    /// How each documented client authenticates.
    enum AuthStyle: String, CaseIterable, CustomTestStringConvertible {
        /// D1-B: `?token=` in the URL.
        case query
        /// D0: `{"type":"authenticate","token":"Bearer …"}` after open.
        case authenticateMessage
        /// D1-V1: `{"type":"auth","token":"…","timestamp":ms}`, subprotocol `tiangong-v1`.
        case authMessage
        var testDescription: String { rawValue }
    }

    static func open(_ style: AuthStyle, port: Int, token: String, path: String = "/ws") -> TestSocket {
        switch style {
        case .query:
            return TestSocket(port: port, path: "\(path)?token=\(token)")
        case .authenticateMessage:
            let socket = TestSocket(port: port, path: path)
            socket.send(json: ["type": "authenticate", "token": .string("Bearer " + token)])
            return socket
        case .authMessage:
            var headers = HTTPFields()
            headers[.secWebSocketProtocol] = "tiangong-v1"
            let socket = TestSocket(port: port, path: path, headers: headers)
            socket.send(json: ["type": "auth", "token": .string(token), "timestamp": .int(1_672_934_400_000)])
            return socket
        }
    }

    /// A fresh bridge in `mode` with the demo user's and the merchant's access tokens.
    struct Users: Sendable {
        let client: any TestClientProtocol
        let port: Int
        let user: String
        let other: String

        /// A socket authenticated in `style`, past its `connected`.
        func connected(_ token: String, _ style: AuthStyle = .query) async throws -> TestSocket {
            let socket = LegacySocketTests.open(style, port: port, token: token)
            let first = try await socket.message(0)
            guard first["type"] == "connected" else { throw TestFailure("not connected: \(first)") }
            return socket
        }
    }

    static func withUsers(_ mode: TestBridge.Mode, _ body: @Sendable @escaping (Users) async throws -> Void) async throws {
        try await TestBridge.withBridge(mode) { client, _ in
            let port = try #require(client.port)
            let users = Users(
                client: client, port: port, user: try await client.legacyLogin().0,
                other: try await client.legacyLogin(DemoSeeder.merchantMobile).0)
            try await body(users)
        }
    }

    @Test(arguments: socketModes, AuthStyle.allCases)
    func drawPushesOnePointsUpdateToItsUserOnly(_ mode: TestBridge.Mode, _ style: AuthStyle) async throws {
        try await Self.withUsers(mode) { users in
            let (client, user) = (users.client, users.user)
            let mine = Self.open(style, port: users.port, token: user, path: style == .authMessage ? "/" : "/ws")
            let theirs = try await users.connected(users.other)
            let connected = try await mine.message(0)
            #expect(connected["type"] == "connected" && connected["data"]?["message"] == "连接成功", Comment(rawValue: "\(connected)"))
            #expect(connected["data"]?["server_time"]?.stringValue?.hasSuffix("Z") == true)
            // D1-B ping → pong echoing the client's timestamp; D0 heartbeat answered in kind.
            mine.send(json: ["type": "ping", "timestamp": 1_672_934_400_000])
            let pong = try await mine.message(1)
            #expect(pong["type"] == "pong" && pong["data"]?["timestamp"] == 1_672_934_400_000, Comment(rawValue: "\(pong)"))
            mine.send(json: ["type": "heartbeat", "timestamp": "2025-07-03T16:30:00.000Z"])
            #expect(try await mine.message(2)["type"] == "heartbeat")

            let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: user)
            #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
            let balance = try #require(draw.body["data"]?["user_info"]?["remaining_points"] ?? draw.body["data"]?["remaining_points"])
            let update = try await mine.message(3)
            #expect(update["type"] == "points_update", Comment(rawValue: "\(update)"))
            let data = try #require(update["data"])
            #expect(data["new_balance"] == balance && data["total_points"] == balance && data["balance_after"] == balance)
            #expect(data["points_change"] == -100 && data["change_points"] == -100 && data["change_type"] == "spend")
            #expect(data["balance_before"] == 1000 && data["user_id"]?.intValue != nil)
            #expect(data["timestamp"]?.stringValue != nil && update["timestamp"] == data["timestamp"])
            // Exactly one update for the draw, and none to the other user.
            let after = try await mine.roundTrip()
            #expect(after.filter { $0["type"] == "points_update" }.count == 1, Comment(rawValue: "\(after)"))
            let bystander = try await theirs.roundTrip()
            #expect(!bystander.contains { $0["type"] == "points_update" }, Comment(rawValue: "\(bystander)"))
            await mine.close()
            await theirs.close()
        }
    }

    @Test(arguments: socketModes)
    func approvalPushesReviewResultAndPointsToTheUploader(_ mode: TestBridge.Mode) async throws {
        try await Self.withUsers(mode) { users in
            let (client, user, merchant) = (users.client, users.user, users.other)
            let socket = try await users.connected(user)
            let merchantSocket = try await users.connected(merchant)
            let uploaded = try await LegacyPhotoReviewTests.upload(
                client, token: user, file: LegacyPhotoReviewTests.image("receipt.jpg"), amount: "58.50")
            let uploadId = try #require(uploaded.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: uploaded.raw))
            let review = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": .string(uploadId), "action": "approved", "actual_amount": 58.5],
                token: merchant)
            #expect(review.body["code"] == 0, Comment(rawValue: review.raw))
            let awarded = try #require(review.body["data"]?["points_awarded"])
            let (result, index) = try await socket.first("review_result")
            #expect(result["data"]?["status"] == "approved" && result["data"]?["upload_id"] == .string(uploadId))
            #expect(result["data"]?["points_awarded"] == awarded && result["data"]?["review_id"]?.intValue != nil)
            let (points, _) = try await socket.first("points_update", from: index)
            #expect(points["data"]?["points_change"] == awarded && points["data"]?["change_type"] == "earn")
            #expect(points["data"]?["new_balance"]?.intValue == 1000 + (awarded.intValue ?? 0))
            // The merchant who decided hears nothing about the uploader's balance.
            let seen = try await merchantSocket.roundTrip()
            #expect(!seen.contains { $0["type"] == "points_update" || $0["type"] == "review_result" }, Comment(rawValue: "\(seen)"))
            // A rejection pushes the result and no points.
            let second = try await LegacyPhotoReviewTests.upload(
                client, token: user, file: LegacyPhotoReviewTests.image("receipt.jpg"), amount: "10.00")
            let secondId = try #require(second.body["data"]?["upload_id"]?.stringValue)
            let before = socket.received.count
            let rejected = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": .string(secondId), "action": "rejected", "reason": "照片模糊"],
                token: merchant)
            #expect(rejected.body["code"] == 0, Comment(rawValue: rejected.raw))
            let (decision, _) = try await socket.first("review_result", from: before)
            #expect(decision["data"]?["status"] == "rejected" && decision["data"]?["points_awarded"] == 0)
            #expect(decision["data"]?["reason"] == "照片模糊" && decision["data"]?["review_reason"] == "照片模糊")
            let tail = try await socket.roundTrip()
            #expect(tail[before...].filter { $0["type"] == "points_update" }.isEmpty, Comment(rawValue: "\(tail)"))
            await socket.close()
            await merchantSocket.close()
        }
    }

    @Test(arguments: socketModes)
    func exchangePushesStockToSubscribersAndPointsToTheBuyer(_ mode: TestBridge.Mode) async throws {
        try await Self.withUsers(mode) { users in
            let client = users.client
            let buyer = try await users.connected(users.user)
            let watcher = try await users.connected(users.other)
            let elsewhere = try await users.connected(users.other, .authenticateMessage)
            watcher.send(json: ["type": "subscribe_products", "product_ids": [1, 2]])
            let subscribed = try await watcher.message(1)
            #expect(subscribed["type"] == "subscribed" && subscribed["data"]?["product_ids"] == [1, 2])
            elsewhere.send(json: ["type": "subscribe_products", "product_ids": [3]])
            #expect(try await elsewhere.message(1)["data"]?["product_ids"] == [3])

            let exchange = try await client.send(.post, "/api/exchange/submit", json: ["product_id": 1, "quantity": 2], token: users.user)
            #expect(exchange.body["code"] == 0, Comment(rawValue: exchange.raw))
            let (stock, _) = try await watcher.first("stock_update")
            #expect(stock["data"]?["product_id"] == 1 && stock["data"]?["stock_change"] == -2 && stock["data"]?["operation"] == "purchase")
            #expect(stock["data"]?["new_stock"] == 98 && stock["data"]?["stock"] == 98)
            #expect(stock["data"]?["product_name"] == "八八折优惠券")
            // The buyer never subscribed, so hears about every product; and about its debit.
            let (own, _) = try await buyer.first("stock_update")
            #expect(own["data"]?["product_id"] == 1)
            let (debit, _) = try await buyer.first("points_update")
            #expect(debit["data"]?["points_change"] == -1000 && debit["data"]?["new_balance"] == 0)
            let far = try await elsewhere.roundTrip()
            #expect(!far.contains { $0["type"] == "stock_update" || $0["type"] == "points_update" }, Comment(rawValue: "\(far)"))
            // A refused exchange (no points left) raises nothing.
            let before = buyer.received.count
            let refused = try await client.send(.post, "/api/exchange/submit", json: ["product_id": 2, "quantity": 1], token: users.user)
            #expect(refused.body["code"] != 0)
            let tail = try await buyer.roundTrip()
            #expect(tail[before...].allSatisfy { $0["type"] == "pong" }, Comment(rawValue: "\(tail[before...])"))
            for socket in [buyer, watcher, elsewhere] { await socket.close() }
        }
    }

    /// What only the embedded core can raise: admin adjustments and announcements through its V4 routes.
    @Test func adminAdjustmentAndAnnouncementArePushed() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, engine in
            let port = try #require(client.port)
            let user = try await client.legacyLogin().0
            let other = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let admin = try await client.send(
                .post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let adminToken = try #require(admin.body["data"]?["access_token"]?.stringValue, Comment(rawValue: admin.raw))
            let socket = Self.open(.query, port: port, token: user)
            let bystander = Self.open(.query, port: port, token: other)
            _ = try await socket.message(0)
            _ = try await bystander.message(0)
            let userId = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
            let adjust = try await client.send(
                .post, "/api/v4/unified-engine/points/admin/adjust", json: ["user_id": .int(userId), "amount": 250, "reason": "补偿"],
                token: adminToken)
            #expect(adjust.body["success"] == true, Comment(rawValue: adjust.raw))
            let (points, _) = try await socket.first("points_update")
            #expect(points["data"]?["points_change"] == 250 && points["data"]?["new_balance"] == 1250 && points["data"]?["reason"] == "补偿")

            let announcement = try await client.send(
                .post, "/api/v4/unified-engine/admin/announcements",
                json: [
                    "title": "系统公告", "content": "商品库存已更新，新增热门商品！", "message_type": "info",
                    "action": ["type": "navigate", "target": "/pages/exchange/index"],
                ], token: adminToken)
            #expect(announcement.body["success"] == true && announcement.body["data"]?["pushed"] == true, Comment(rawValue: announcement.raw))
            for target in [socket, bystander] {
                let (message, _) = try await target.first("system_message")
                #expect(message["data"]?["title"] == "系统公告" && message["data"]?["message_type"] == "info")
                #expect(message["data"]?["action"] == ["type": "navigate", "target": "/pages/exchange/index"])
            }
            // To one user only.
            let direct = try await client.send(
                .post, "/api/v4/unified-engine/admin/announcements",
                json: ["title": "您的订单", "content": "已发货", "user_id": .int(userId)], token: adminToken)
            #expect(direct.body["success"] == true, Comment(rawValue: direct.raw))
            let mine = try await socket.roundTrip()
            #expect(mine.contains { $0["type"] == "system_message" && $0["data"]?["title"] == "您的订单" })
            let theirs = try await bystander.roundTrip()
            #expect(!theirs.contains { $0["data"]?["title"] == "您的订单" })
            // Not an admin, bad bodies: refused, nothing pushed.
            let refusals: [(JSONValue, String)] = [
                (["title": "x", "content": "y"], user), (["title": "", "content": "y"], adminToken),
                (["title": "x", "content": "y", "message_type": "shout"], adminToken), (["title": "x", "content": .array([])], adminToken),
            ]
            for (body, token) in refusals {
                let refused = try await client.send(.post, "/api/v4/unified-engine/admin/announcements", json: body, token: token)
                #expect(refused.body["success"] == false && refused.status < 500, Comment(rawValue: refused.raw))
            }
            await socket.close()
            await bystander.close()
        }
    }

    @Test(arguments: socketModes)
    func refusedTokensAreClosedWithTheirReason(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, _ in
            let port = try #require(client.port)
            let forged = try await GoldenFixtureTests.mint("forged")
            let expired = try await GoldenFixtureTests.mint("expired")
            let (access, _) = try await client.legacyLogin()
            let (loggedOut, _) = try await client.legacyLogin()
            let logout = try await client.send(.post, "/api/auth/logout", token: loggedOut)
            #expect(logout.body["code"] == 0, Comment(rawValue: logout.raw))
            for socket in [
                TestSocket(port: port, path: "/ws?token=garbage"), TestSocket(port: port, path: "/ws?token=\(forged)"),
                TestSocket(port: port, path: "/ws?token=\(loggedOut)"), TestSocket(port: port, path: "/ws?token="),
                TestSocket(port: port, path: "/ws?token=\(expired)"),
                Self.open(.authenticateMessage, port: port, token: "garbage"), Self.open(.authMessage, port: port, token: loggedOut),
            ] {
                let frame = try await socket.closed()
                #expect(frame?.closeCode == .init(codeNumber: 4001), Comment(rawValue: "\(String(describing: frame)) \(socket.received)"))
                #expect(frame?.reason?.contains("unauthorized") == true)
                #expect(!socket.received.contains { $0.contains("connected") })
            }
            // Silence: closed once the auth timeout passes, after being told to authenticate.
            let silent = TestSocket(port: port)
            silent.send(json: ["type": "ping", "timestamp": 1])
            let hint = try await silent.message(0)
            #expect(hint["type"] == "error" && hint["data"]?["code"] == 2001, Comment(rawValue: "\(hint)"))
            let timedOut = try await silent.closed()
            #expect(timedOut?.closeCode == .init(codeNumber: 4008), Comment(rawValue: "\(String(describing: timedOut))"))
            // The good token still works after all that.
            let good = TestSocket(port: port, path: "/ws?token=\(access)")
            #expect(try await good.message(0)["type"] == "connected")
            await good.close()
        }
    }

    @Test(arguments: socketModes)
    func badFramesCloseOnlyTheirSocket(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, _ in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let bystander = TestSocket(port: port, path: "/ws?token=\(token)")
            _ = try await bystander.message(0)

            let chatty = TestSocket(port: port, path: "/ws?token=\(token)")
            _ = try await chatty.message(0)
            for (text, code) in [
                ("not json", 4007), ("[1,2]", 4001), ("{\"type\":42}", 4001), ("{\"type\":\"dance\"}", 4003),
                ("{\"type\":\"subscribe_products\",\"product_ids\":\"all\"}", 4002),
                ("{\"type\":\"subscribe_products\",\"product_ids\":[-1]}", 4002),
                ("{\"type\":\"authenticate\",\"token\":\"Bearer x\"}", 4003),
            ] {
                let before = chatty.received.count
                chatty.send(text)
                let answer = try await chatty.message(before)
                #expect(answer["type"] == "error" && answer["data"]?["code"]?.intValue == Int64(code), Comment(rawValue: "\(text) → \(answer)"))
            }
            _ = try await chatty.roundTrip()

            let binary = TestSocket(port: port, path: "/ws?token=\(token)")
            _ = try await binary.message(0)
            binary.sendBinary([0, 1, 2, 3])
            #expect(try await binary.closed()?.closeCode == .unacceptableData)

            let huge = TestSocket(port: port, path: "/ws?token=\(token)")
            _ = try await huge.message(0)
            huge.send("{\"type\":\"ping\",\"pad\":\"" + String(repeating: "x", count: 1 << 20) + "\"}")
            let frame = try await huge.closed()
            #expect(frame == nil || frame?.closeCode == .messageTooLarge, Comment(rawValue: "\(String(describing: frame))"))

            // The others are untouched.
            _ = try await bystander.roundTrip()
            _ = try await chatty.roundTrip()
            #expect(!bystander.isEnded && !chatty.isEnded)
            await bystander.close()
            await chatty.close()
        }
    }

    @Test func perUserCapRefusesTheSixthSocket() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, _ in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            var sockets: [TestSocket] = []
            for _ in 0..<5 {
                let socket = TestSocket(port: port, path: "/ws?token=\(token)")
                #expect(try await socket.message(0)["type"] == "connected")
                sockets.append(socket)
            }
            let sixth = TestSocket(port: port, path: "/ws?token=\(token)")
            #expect(try await sixth.closed()?.closeCode == .init(codeNumber: 4029))
            // One leaves: a new one is let in.
            await sockets.removeFirst().close()
            var admitted: TestSocket?
            for _ in 0..<50 where admitted == nil {
                let next = TestSocket(port: port, path: "/ws?token=\(token)")
                let first = try? await next.message(0, timeout: .seconds(10))
                if first?["type"] == "connected" { admitted = next } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(admitted != nil)
            await admitted?.close()
            for socket in sockets { await socket.close() }
        }
    }
}
