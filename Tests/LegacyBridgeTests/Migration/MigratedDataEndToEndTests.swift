import BridgeKit
import Foundation
import Hummingbird
import HummingbirdTesting
import LegacyAPI
import BridgeAssembly
import Testing
import V4Core
@testable import Migration

/// The fixture set migrated into the SQLite file the embedded core serves, then read back
/// through the legacy API over a real socket: old ids, upload ids and amounts intact.
@Suite("migrated data through the legacy API")
struct MigratedDataEndToEndTests {
    @Test("photo history, points records, products and balance of a migrated user")
    func migratedHistory() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"),
                                         to: directory + "/legacy-bridge.sqlite")
        let expected = try MigrationSupport.readJSON(MigrationSupport.fixtures + "/expected.json")["tables"]!
        let userId: Int64 = 1
        let mobile = expected["users"]!.arrayValue!.first { $0["user_id"]?.intValue == userId }!["mobile"]!.stringValue!
        let uploads = expected["image_resources"]!.arrayValue!.filter { $0["user_id"]?.intValue == userId }
        let ledger = expected["points_records"]!.arrayValue!.filter { $0["user_id"]?.intValue == userId }
        let account = expected["user_points_accounts"]!.arrayValue!.first { $0["user_id"]?.intValue == userId }!
        let activeProducts = expected["products"]!.arrayValue!.filter { $0["status"] == "active" }

        let server = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(core: TestBridge.coreConfiguration(directory),
                                        mappingsDirectory: TestBridge.mappingsDirectory, demo: false).patient(),
            logger: TestBridge.logger)
        let app = Application(router: server.router, logger: TestBridge.logger)
        try await app.test(.live) { client in
            let (token, _) = try await client.legacyLogin(mobile)

            let info = try await client.send(.get, "/api/user/info", token: token)
            #expect(info.body["data"]?["user_id"]?.intValue == userId)
            #expect(info.body["data"]?["total_points"] == account["available_points"], "balance = last balance_after")

            let history = try await client.send(.get, "/api/photo/history?limit=50", token: token)
            #expect(history.status == 200, Comment(rawValue: history.raw))
            let records = history.body["data"]?["records"]?.arrayValue ?? []
            #expect(Set(records.compactMap { $0["id"]?.intValue }) == Set(uploads.compactMap { $0["resource_id"]?.intValue }))
            for upload in uploads {
                let record = records.first { $0["id"] == upload["resource_id"] }
                #expect(record?["upload_id"] == upload["upload_id"])
                #expect(record?["image_url"] == upload["original_url"])
                let cents = upload["amount_cents"]?.intValue ?? -1
                #expect(record?["amount"]?.doubleValue == Double(cents) / 100)
                #expect(record?["points_awarded"] == upload["points_awarded"])
                #expect(record?["review_status"] == upload["review_status"])
            }

            let points = try await client.send(.get, "/api/user/points/records?limit=50", token: token)
            #expect(points.status == 200, Comment(rawValue: points.raw))
            let rows = points.body["data"]?["records"]?.arrayValue ?? []
            #expect(rows.count == ledger.count)
            for entry in ledger {
                let row = rows.first { $0["id"] == entry["record_id"] }
                let magnitude = entry["points_amount"]?.intValue ?? 0
                let signed = entry["transaction_type"] == "consume" ? -magnitude : magnitude
                #expect(row?["points"]?.intValue == signed, "record \(entry["record_id"]?.intValue ?? 0)")
                #expect(row?["type"]?.stringValue == (entry["transaction_type"] == "consume" ? "spend" : "earn"))
                #expect(row?["balance_after"] == entry["balance_after"])
                #expect(row?["related_id"] == entry["reference_id"])
            }

            let products = try await client.send(.get, "/api/exchange/products?limit=50", token: token)
            let listed = products.body["data"]?["products"]?.arrayValue ?? []
            #expect(Set(listed.compactMap { $0["commodity_id"]?.intValue })
                        == Set(activeProducts.compactMap { $0["product_id"]?.intValue }))
            for product in activeProducts {
                let item = listed.first { $0["commodity_id"] == product["product_id"] }
                #expect(item?["name"] == product["name"])
                #expect(item?["exchange_points"] == product["exchange_points"])
                #expect(item?["stock"] == product["stock"])
            }

            // A banned legacy user stays locked out.
            let banned = try await client.send(.post, "/api/auth/login",
                                               json: ["mobile": "13800000003", "verification_code": "123456"])
            #expect(banned.body["code"]?.intValue != 0)
        }
    }
}
