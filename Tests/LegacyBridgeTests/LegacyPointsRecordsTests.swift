import BridgeKit
import Foundation
import HummingbirdTesting
import Testing
import V4Core

/// `GET /api/user/points/records` (D1) and `GET /api/user/points-records` (D0) over ledger rows
/// arranged in the core's `points_records` (Docs/compatibility.md R1-R5).
@Suite struct LegacyPointsRecordsTests {
    /// The demo user's registration bonus (written by the seeder, now) plus a migrated draw debit
    /// and a migrated photo credit without `balance_before`.
    static func arrange(_ engine: V4Engine) async throws {
        let user = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
        try await TestRows.insertPoints(
            engine, id: 501, userId: user, type: "consume", amount: 100, before: 1000, after: 900, business: "lottery_draw",
            source: "lottery", reference: "single", title: "抽奖消耗", description: "抽奖消费 - 九八折券", at: "2025-07-03T14:30:00Z")
        try await TestRows.insertPoints(
            engine, id: 502, userId: user, type: "earn", amount: 585, before: nil, after: 1485, business: "photo_approved",
            source: "photo_review", reference: "UP20250703001", title: "拍照审核通过", description: nil, at: "2025-07-03T15:30:00Z")
    }

    @Test(arguments: TestBridge.Mode.allCases)
    func recordsAreSignedAndCarryBothNamings(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            let result = try await client.send(.get, "/api/user/points/records", token: token)
            #expect(result.status == 200, Comment(rawValue: result.raw))
            let data = try #require(result.body["data"])
            let records = try #require(data["records"]?.arrayValue)
            #expect(records.map { $0["id"] } == [1, 502, 501], "newest first; the legacy id is record_id")
            #expect(records[0].objectValue?.keys == [
                "id", "record_id", "type", "points", "source", "description", "balance_before", "balance_after", "related_id",
                "reference_id", "created_at",
            ])
            #expect(records[0]["type"] == "earn" && records[0]["points"] == 1000 && records[0]["source"] == "register")
            #expect(records[0]["balance_before"] == 0 && records[0]["balance_after"] == 1000)
            let photo = records[1]
            #expect(photo["record_id"] == 502 && photo["points"] == 585 && photo["type"] == "earn")
            #expect(photo["description"] == "拍照审核通过", "the title stands in for a missing description")
            #expect(photo["balance_before"] == 900, "R4: derived from balance_after when the row has none")
            #expect(photo["related_id"] == "UP20250703001" && photo["reference_id"] == "UP20250703001")
            #expect(photo["created_at"] == "2025-07-03T15:30:00.000Z")
            let draw = records[2]
            #expect(draw["points"] == -100 && draw["type"] == "spend" && draw["source"] == "lottery", "R2: spending is negative")
            #expect(draw["balance_before"] == 1000 && draw["balance_after"] == 900 && draw["description"] == "抽奖消费 - 九八折券")
            #expect(data["pagination"] == ["total": 3, "page": 1, "limit": 20, "total_pages": 1, "totalPages": 1])
            #expect(data["total"] == 3 && data["pageSize"] == 20 && data["limit"] == 20 && data["totalPages"] == 1)
            #expect(data["summary"] == ["total_earned": 1000, "total_spent": 0, "current_balance": 1000])
            #expect(data["filter_summary"] == [
                "type": "all", "source": "all", "total_records": 3, "earn_records": 2, "spend_records": 1,
            ])
        }
    }

    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func filtersAndTheD0Path(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            let spend = try await client.send(.get, "/api/user/points/records?type=spend", token: token)
            #expect(spend.body["data"]?["records"]?.arrayValue?.map { $0["id"] } == [501])
            // D0: points-records, pageSize and type=consume.
            let d0 = try await client.send(.get, "/api/user/points-records?page=1&pageSize=1&type=consume", token: token)
            // Only D0 calls this alias, so its answer has D0's shape (profile d0: spends positive).
            #expect(d0.body["data"]?["records"]?.arrayValue?.map { $0["points"] } == [100])
            #expect(d0.body["data"]?["pageSize"] == 1 && d0.body["data"]?["total"] == 1)
            #expect(d0.body["data"]?["filter_summary"]?["type"] == "consume", "the filter is echoed as sent")
            let earnPage2 = try await client.send(.get, "/api/user/points-records?type=earn&pageSize=1&page=2", token: token)
            #expect(earnPage2.body["data"]?["records"]?.arrayValue?.map { $0["id"] } == [502])
            #expect(earnPage2.body["data"]?["pagination"]?["total_pages"] == 2)
            let photo = try await client.send(.get, "/api/user/points/records?source=photo_review", token: token)
            #expect(photo.body["data"]?["records"]?.arrayValue?.map { $0["id"] } == [502])
            #expect(photo.body["data"]?["filter_summary"] == [
                "type": "all", "source": "photo_review", "total_records": 1, "earn_records": 1, "spend_records": 0,
            ])
            let clamped = try await client.send(.get, "/api/user/points/records?limit=1000", token: token)
            #expect(clamped.body["data"]?["limit"] == 100)
            // Another user sees only their own registration bonus.
            let other = try await client.legacyLogin("13700137000").0
            let theirs = try await client.send(.get, "/api/user/points/records", token: other)
            #expect(theirs.body["data"]?["records"]?.arrayValue?.map { $0["source"] } == ["register"])
            #expect(!theirs.raw.contains("UP20250703001"))
        }
    }

    @Test func missingOrForgedTokenIsTheLegacyAuthError() async throws {
        try await TestBridge.expectLegacyAuthRequired(["/api/user/points/records", "/api/user/points-records"])
    }

}
