import BridgeKit
import Foundation
import GRDB
import HummingbirdTesting
import Testing
import V4Core

/// Exchanging points for goods end to end: the V4 core's transaction under races, and the
/// legacy submit/orders routes over it (Docs/compatibility.md X6-X10).
@Suite struct LegacyExchangeTests {
    /// A product for the races: 100 points, `stock` left.
    static func arrangeRaceProduct(_ engine: V4Engine, stock: Int) async throws {
        try await TestRows.insertProduct(
            engine, id: 50, name: "限量徽章", category: "gift", points: 100, stock: stock, originalPrice: 9.9, sortOrder: 0)
    }

    /// 20 users, stock 5: exactly 5 orders, stock 0, every loser gets 库存不足, no 5xx.
    @Test(arguments: [TestBridge.Mode.embeddedSocket, .upstreamHTTP])
    func twentyUsersRaceForFiveInStock(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            try await Self.arrangeRaceProduct(engine, stock: 5)
            var tokens: [String] = []
            for index in 0..<20 { tokens.append(try await client.legacyLogin("1370000\(String(format: "%04d", index))").0) }
            let results = try await withThrowingTaskGroup(of: LegacyResult.self) { group in
                for token in tokens {
                    group.addTask {
                        try await client.send(.post, "/api/exchange/submit", json: ["product_id": 50, "quantity": 1], token: token)
                    }
                }
                return try await group.reduce(into: [LegacyResult]()) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.status < 500 }, "no 5xx")
            let won = results.filter { $0.body["code"] == 0 }
            let lost = results.filter { $0.body["code"] != 0 }
            #expect(won.count == 5)
            #expect(lost.count == 15)
            for loser in lost {
                #expect(loser.body["code"] == 4004 && loser.body["msg"] == "库存不足", Comment(rawValue: loser.raw))
                #expect(loser.body["data"]?["available_stock"] == 0 && loser.body["data"]?["requested_quantity"] == 1)
            }
            let (stock, orders, debits) = try await engine.database.read { db in
                (try Int.fetchOne(db, sql: "SELECT stock FROM products WHERE product_id = 50")!,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exchange_records WHERE product_id = 50")!,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_records WHERE business_type = 'product_exchange'")!)
            }
            #expect(stock == 0 && orders == 5 && debits == 5)
            #expect(Set(won.compactMap { $0.body["data"]?["order_id"]?.stringValue }).count == 5, "distinct order ids")
        }
    }

    /// One user with 500 points: 10 exchanges of a 100-point product and 10 draws at once. The
    /// balance never goes below 0 and the ledger rows sum to the account.
    @Test(arguments: [TestBridge.Mode.embeddedSocket, .upstreamHTTP])
    func exchangesAndDrawsRaceOneBalance(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            try await Self.arrangeRaceProduct(engine, stock: 100)
            let mobile = "13711112222"
            let userId = try await engine.database.write { db in
                try UserDirectory.findOrCreate(mobile: mobile, registrationBonus: 500, in: db, at: Date()).0.userId!
            }
            let token = try await client.legacyLogin(mobile).0
            let results = try await withThrowingTaskGroup(of: (String, LegacyResult).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        index % 2 == 0
                            ? ("exchange", try await client.send(.post, "/api/exchange/submit", json: ["product_id": 50], token: token))
                            : ("draw", try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token))
                    }
                }
                return try await group.reduce(into: [(String, LegacyResult)]()) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.1.status < 500 }, "no 5xx")
            for (kind, result) in results where result.body["code"] != 0 {
                // Out of points: the route's own insufficient-points code.
                #expect(result.body["code"] == (kind == "exchange" ? 4005 : 3000), Comment(rawValue: result.raw))
            }
            let exchanged = results.filter { $0.0 == "exchange" && $0.1.body["code"] == 0 }.count
            let (account, rows, draws, orders) = try await engine.database.read { db in
                (try PointsAccountRecord.filter(Column("user_id") == userId).fetchOne(db)!,
                 try PointsTransactionRecord.filter(Column("user_id") == userId).order(Column("record_id")).fetchAll(db),
                 try LotteryDrawRecord.filter(Column("user_id") == userId).fetchAll(db),
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exchange_records WHERE user_id = ?", arguments: [userId])!)
            }
            #expect(account.availablePoints >= 0)
            #expect(rows.map(\.signedAmount).reduce(0, +) == account.availablePoints, "ledger rows sum to the balance")
            for (previous, row) in zip(rows, rows.dropFirst()) { #expect(row.balanceBefore == previous.balanceAfter) }
            #expect(rows.allSatisfy { $0.balanceAfter >= 0 }, "the balance never went below 0")
            let won = draws.reduce(0) { $0 + ($1.prizeType == "points" ? $1.prizeValue : 0) }
            #expect(orders == exchanged)
            #expect(account.availablePoints == 500 - exchanged * 100 - draws.count * 100 + won)
            #expect(exchanged + draws.count >= 5, "500 points pay for at least five 100-point operations")
        }
    }

    /// Cancel refunds, restocks and removes the item exactly once, even when two cancels race.
    @Test func racingCancelsRefundOnce() async throws {
        let (engine, user) = try await LotteryEngineTests.setUp(points: 1000)
        try await Self.arrangeRaceProduct(engine, stock: 3)
        let order = try await engine.exchanges.exchange(.init(productId: 50, quantity: 2), for: user)
        #expect(order.remainingPoints == 800 && order.exchange.status == .pending && order.exchange.pointsCost == 200)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    do {
                        _ = try await engine.exchanges.cancel(exchangeId: order.exchange.exchangeId, by: user)
                        return "ok"
                    } catch let error as V4Error {
                        return error.code.rawValue
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.sorted() == ["EXCHANGE_CANNOT_CANCEL", "ok"])
        let (balance, stock, items, refunds) = try await engine.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT available_points FROM user_points_accounts WHERE user_id = ?", arguments: [user.userId])!,
             try Int.fetchOne(db, sql: "SELECT stock FROM products WHERE product_id = 50")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_inventories WHERE source_type = 'exchange'")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_records WHERE business_type = 'exchange_refund'")!)
        }
        #expect(balance == 1000 && stock == 3 && items == 0 && refunds == 1)
        // A cancelled order stays cancelled; someone else's order is not found.
        let other = try await LotteryEngineTests.login(engine, "13655556666")
        let stranger = try await engine.auth.authenticate(accessToken: other)
        let second = try await engine.exchanges.exchange(.init(productId: 50, quantity: 1), for: user)
        let exchangeNotFoundError = await #expect(throws: V4Error.self) {
            _ = try await engine.exchanges.cancel(exchangeId: second.exchange.exchangeId, by: stranger)
        }
        #expect(exchangeNotFoundError?.code == .exchangeNotFound)
    }

    /// The exchanged item is in the V4 inventory; the debit is in the legacy points records
    /// with its sign and source; the order lists it.
    @Test(arguments: TestBridge.Mode.allCases)
    func exchangeShowsInInventoryLedgerAndOrders(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            let token = try await client.legacyLogin().0
            let submit = try await client.send(
                .post, "/api/exchange/submit",
                json: ["product_id": 3, "quantity": 2, "user_address": ["name": "张三", "phone": "13800000000", "address": "北京市朝阳区xxx"],
                       "remark": "备注信息"],
                token: token)
            #expect(submit.status == 200 && submit.body["code"] == 0, Comment(rawValue: submit.raw))
            let data = try #require(submit.body["data"])
            let orderId = try #require(data["order_id"]?.stringValue)
            #expect(orderId.hasPrefix("EX") && orderId.count == 14)
            #expect(data["total_points"] == 400 && data["points_cost"] == 200 && data["remaining_points"] == 600)
            #expect(data["order_status"] == "completed" && data["delivery_info"]?["type"] == "virtual", "vouchers complete at once (D0)")
            #expect(data["delivery_info"]?["recipient_phone"] == "138****0000")
            let userId = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
            let inventory = try await engine.inventory.items(of: userId, page: .init(page: 1, limit: 20), status: nil, type: "exchange")
            #expect(inventory.items.map(\.name) == ["招牌甜品兑换券"] && inventory.items[0].status == "available")
            let (remark, delivery) = try await engine.database.read { db in
                let row = try Row.fetchOne(
                    db, sql: "SELECT delivery_info, remark FROM exchange_records WHERE order_code = ?", arguments: [orderId])!
                return (row["remark"] as String?, row["delivery_info"] as String?)
            }
            #expect(remark == "备注信息")
            #expect(delivery?.contains("北京市朝阳区xxx") == true, "the full address is kept")
            let records = try await client.send(.get, "/api/user/points/records?type=spend", token: token)
            let debit = try #require(records.body["data"]?["records"]?[0])
            // The submit's user_address showed a D0 build; its later answers have D0's shape
            // (profile d0: spends positive).
            #expect(debit["points"] == 400 && debit["source"] == "exchange" && debit["related_id"] == .string(orderId))
            let orders = try await client.send(.get, "/api/exchange/orders?status=completed", token: token)
            #expect(orders.body["data"]?["orders"]?.arrayValue?.map { $0["order_id"] } == [.string(orderId)])
            let statistics = try await client.send(.get, "/api/user/points/statistics", token: token)
            #expect(statistics.body["data"]?["spend_by_source"] == ["exchange": 400], Comment(rawValue: statistics.raw))
        }
    }

    /// Done means: a user exchanges a physical product, an admin moves the order to shipped
    /// with a tracking number through the V4 admin route, and the legacy orders show it.
    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .embeddedSocket])
    func adminMovesAnOrderToShipped(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode, coreTimeout: .seconds(60)) { client, _ in
            let token = try await client.legacyLogin().0
            let submit = try await client.send(
                .post, "/api/exchange/submit",
                json: ["product_id": 6, "delivery_info": ["recipient_name": "张三", "recipient_phone": "13812345678",
                                                          "delivery_address": "北京市朝阳区xxx小区xxx号"]],
                token: token)
            #expect(submit.body["data"]?["order_status"] == "pending", Comment(rawValue: submit.raw))
            let login = try await client.send(
                .post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let admin = try #require(login.body["data"]?["access_token"]?.stringValue, Comment(rawValue: login.raw))
            let path = "/api/v4/unified-engine/admin/exchanges/1/status"
            let byUser = try await client.send(.put, path, json: ["status": "shipped", "tracking_number": "SF1"], token: token)
            #expect(byUser.status == 403 && byUser.body["code"] == "ADMIN_ONLY")
            let untracked = try await client.send(.put, path, json: ["status": "shipped"], token: admin)
            #expect(untracked.status == 400 && untracked.body["code"] == "MISSING_PARAMETER")
            let processing = try await client.send(.put, path, json: ["status": "processing"], token: admin)
            #expect(processing.body["data"]?["previous_status"] == "pending", Comment(rawValue: processing.raw))
            let shipped = try await client.send(
                .put, path, json: ["status": "shipped", "tracking_number": "SF1234567890", "notes": "已发货"], token: admin)
            #expect(shipped.body["data"]?["status"] == "shipped" && shipped.body["data"]?["tracking_number"] == "SF1234567890")
            let backwards = try await client.send(.put, path, json: ["status": "processing"], token: admin)
            #expect(backwards.status == 400 && backwards.body["code"] == "EXCHANGE_STATUS_INVALID")
            let cancel = try await client.send(.put, path, json: ["status": "cancelled"], token: admin)
            #expect(cancel.body["code"] == "EXCHANGE_STATUS_INVALID", "a shipped order is not cancelled")

            let orders = try await client.send(.get, "/api/exchange/orders", token: token)
            let order = try #require(orders.body["data"]?["orders"]?[0], Comment(rawValue: orders.raw))
            #expect(order["order_status"] == "shipped")
            #expect(order["delivery_info"]?["tracking_number"] == "SF1234567890")
            #expect(order["delivery_info"]?["delivery_address"] == "北京市朝阳区****" && order["delivery_info"]?["recipient_phone"] == "138****5678")
            #expect(order["timeline"]?["processed_at"]?.stringValue != nil && order["timeline"]?["shipped_at"]?.stringValue != nil)
            #expect(order["unit_points"] == 600 && order["total_points"] == 600)
        }
    }

    /// An admin cancels a processing order: refunded and restocked once.
    @Test func adminCancelRefunds() async throws {
        let (engine, user) = try await LotteryEngineTests.setUp(points: 1000)
        let admin = try await engine.auth.authenticate(
            accessToken: try await engine.auth.adminLogin(username: "admin", password: "not-used-here").accessToken)
        try await Self.arrangeRaceProduct(engine, stock: 3)
        let order = try await engine.exchanges.exchange(.init(productId: 50, quantity: 1), for: user)
        _ = try await engine.exchanges.updateStatus(.init(exchangeId: order.exchange.exchangeId, status: "processing"), by: admin)
        let exchangeCannotCancelError = await #expect(throws: V4Error.self) {
            _ = try await engine.exchanges.cancel(exchangeId: order.exchange.exchangeId, by: user)
        }
        #expect(exchangeCannotCancelError?.code == .exchangeCannotCancel)
        let change = try await engine.exchanges.updateStatus(.init(exchangeId: order.exchange.exchangeId, status: "cancelled"), by: admin)
        #expect(change.refundedPoints == 100 && change.previousStatus == .processing)
        let balance = try await engine.points.balance(of: user.userId).availablePoints
        #expect(balance == 1000)
        let adminOnlyError = await #expect(throws: V4Error.self) {
            _ = try await engine.exchanges.updateStatus(.init(exchangeId: order.exchange.exchangeId, status: "delivered"), by: user)
        }
        #expect(adminOnlyError?.code == .adminOnly)
    }

    /// An inactive product is 3004 商品已下架; a string quantity is 4002.
    @Test func inactiveProductAndWrongTypes() async throws {
        try await TestBridge.withEmbeddedBridge { client, engine in
            try await TestRows.insertProduct(
                engine, id: 60, name: "已下架", category: "gift", points: 10, stock: 10, originalPrice: nil, status: "inactive",
                sortOrder: 0)
            let token = try await client.legacyLogin().0
            let inactive = try await client.send(.post, "/api/exchange/submit", json: ["product_id": 60], token: token)
            #expect(inactive.body["code"] == 3004 && inactive.body["msg"] == "商品已下架", Comment(rawValue: inactive.raw))
            let wrong = try await client.send(.post, "/api/exchange/submit", json: ["product_id": 1, "quantity": "two"], token: token)
            #expect(wrong.body["code"] == 4002)
            let nested = try await client.send(
                .post, "/api/exchange/submit", json: ["product_id": 1, "delivery_info": ["recipient_name": ["x"]]], token: token)
            #expect(nested.body["code"] == 4002, Comment(rawValue: nested.raw))
            let balance = try await engine.points.balance(of: try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile))
            #expect(balance.availablePoints == 1000, "nothing was debited by refused requests")
        }
    }

    @Test func missingOrForgedTokenIsTheLegacyAuthError() async throws {
        try await TestBridge.expectLegacyAuthRequired([
            "/api/exchange/orders", "/api/exchange/categories", "/api/user/points/statistics",
        ])
    }
}
