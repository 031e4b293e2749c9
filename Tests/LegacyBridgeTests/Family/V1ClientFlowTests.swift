import BridgeKit
import Foundation
import LegacyAPI
import Testing

/// A D1-V1 build on a fresh `serve --demo`, with the doc's own request bodies (§4, §6.1, §7.1):
/// logs in, reads the wheel, draws, uploads a receipt in three steps, exchanges, and reads its
/// records — each answer in E2 with code 0, and the records showing what it did.
@Suite struct V1ClientFlowTests {
    @Test(arguments: [TestBridge.Mode.embeddedSocket, .upstreamHTTP])
    func aV1BuildCompletesItsFlows(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            func ok(_ result: LegacyResult, _ step: String) throws -> JSONValue {
                #expect(result.body["code"] == 0 && result.body["timestamp"]?.intValue != nil && result.body["requestId"]?.stringValue != nil,
                        "\(step): \(result.raw.prefix(300))")
                return try #require(result.body["data"], "\(step): \(result.raw.prefix(300))")
            }
            // §7.1 successTest.
            let login = try ok(try await client.send(.post, "/api/v1/auth/login", json: ["phone": "13800138000", "code": "123456"]), "login")
            let token = try #require(login["accessToken"]?.stringValue)
            #expect(login["user"]?["phone"] == "13800138000" && login["user"]?["userId"]?.stringValue != nil)
            let config = try ok(try await client.send(.get, "/api/v1/lottery/config", token: token), "config")
            #expect(config["prizes"]?.arrayValue?.count == 8 && config["costPoints"] == 100)
            // §4.2.2's body.
            let draw = try ok(try await client.send(.post, "/api/v1/lottery/draw", json: ["count": 1, "type": "single"], token: token), "draw")
            #expect(draw["remainingPoints"] == 900 && draw["results"]?.arrayValue?.count == 1)
            // §6.1: token, wx.uploadFile, submit.
            let (url, uploadToken) = try await V1UploadFlowTests.uploadToken(client, token)
            let file = try ok(try await V1UploadFlowTests.uploadFile(client, url: url, token: uploadToken, bytes: LegacyPhotoReviewTests.image("receipt.jpg")), "uploadFile")
            let submitted = try ok(try await client.send(
                .post, "/api/v1/upload/submit",
                json: ["imageUrl": file["fileUrl"] ?? .null, "amount": 88.5, "description": "今日午餐消费", "uploadTime": "2025-01-02T12:00:00Z"],
                token: token), "submit")
            // §4.5.2's body.
            let products = try ok(try await client.send(.get, "/api/v1/exchange/products?category=all&page=1&limit=20&sort=points_asc", token: token), "products")
            let cheapest = try #require(products["products"]?[0]?["productId"]?.stringValue)
            let redeemed = try ok(try await client.send(
                .post, "/api/v1/exchange/redeem", json: ["productId": .string(cheapest), "quantity": 1, "remarks": "备注信息"], token: token), "redeem")
            // The records show all three.
            let lottery = try ok(try await client.send(.get, "/api/v1/records/lottery?page=1&limit=20", token: token), "records/lottery")
            #expect(lottery["records"]?.arrayValue?.count == 1)
            let uploads = try ok(try await client.send(.get, "/api/v1/records/upload?page=1&limit=20&status=all", token: token), "records/upload")
            #expect(uploads["records"]?[0]?["uploadId"] == submitted["uploadId"] && uploads["statistics"]?["pending"] == 1)
            let exchanges = try ok(try await client.send(.get, "/api/v1/records/exchange?page=1&limit=20&status=all", token: token), "records/exchange")
            #expect(exchanges["records"]?[0]?["exchangeId"] == redeemed["exchangeId"])
            let points = try ok(try await client.send(.get, "/api/v1/user/points?page=1&limit=20&type=spent", token: token), "points")
            let sources = Set(points["records"]?.arrayValue?.compactMap { $0["source"]?.stringValue } ?? [])
            #expect(sources == ["lottery_cost", "exchange_cost"], "\(sources)")
            let profile = try ok(try await client.send(.get, "/api/v1/user/profile", token: token), "profile")
            #expect(profile["points"] == redeemed["remainingPoints"])
        }
    }
}
