import BridgeKit
import Foundation
import HummingbirdTesting
import Testing
import V4Core

/// `GET /api/photo/history` and its `/upload/records` aliases over uploads arranged in the
/// core's `image_resources` (Docs/compatibility.md P1-P7).
@Suite struct LegacyPhotoHistoryTests {
    static let modes = TestBridge.Mode.allCases

    /// Three uploads of the demo user (approved with a migrated remark, pending, rejected) and one
    /// of the merchant.
    static func arrange(_ engine: V4Engine) async throws {
        let user = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
        let merchant = try await TestRows.userId(engine, mobile: DemoSeeder.merchantMobile)
        try await TestRows.insertUploads(engine, [
            ImageResourceRecord(
                resourceId: 101, uploadId: "UP20250703001", userId: user, originalUrl: "https://sealos.storage/uploads/photo_101.jpg",
                reviewStatus: .approved, reviewedBy: 2, reviewedAt: TestRows.date("2025-07-03T15:30:00Z"), pointsAwarded: 585,
                uploadedAt: TestRows.date("2025-07-03T14:30:00Z"), amountCents: 5850, actualAmountCents: 5850,
                legacyExtras: #"{"review_reason": "审核通过"}"#),
            ImageResourceRecord(
                resourceId: 102, uploadId: "upload_1_1751558400_def456", userId: user,
                originalUrl: "https://sealos.storage/photos/1/def.jpg", uploadedAt: TestRows.date("2025-07-03T16:00:00Z"),
                amountCents: 12000),
            ImageResourceRecord(
                resourceId: 103, uploadId: "upload_1_1751450400_rej001", userId: user,
                originalUrl: "https://sealos.storage/photos/1/rej.jpg", reviewStatus: .rejected, reviewedBy: 2,
                reviewedAt: TestRows.date("2025-07-02T11:00:00Z"), rejectionReason: "图片不清晰",
                uploadedAt: TestRows.date("2025-07-02T10:00:00Z"), amountCents: 2599),
            ImageResourceRecord(
                resourceId: 104, uploadId: "upload_2_1751450400_mer001", userId: merchant,
                originalUrl: "https://sealos.storage/photos/2/m.jpg", reviewStatus: .approved, pointsAwarded: 99,
                uploadedAt: TestRows.date("2025-07-04T10:00:00Z"), amountCents: 9900, actualAmountCents: 9900),
        ])
    }

    @Test(arguments: modes)
    func historyCarriesEveryDocumentedField(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            let result = try await client.send(.get, "/api/photo/history", token: token)
            #expect(result.status == 200, Comment(rawValue: result.raw))
            let data = try #require(result.body["data"])
            let records = try #require(data["records"]?.arrayValue)
            #expect(records.map { $0["id"] } == [102, 101, 103], "newest first; the legacy id is resource_id")
            #expect(data["list"] == data["records"] && data["history"] == data["records"], "P1: every documented list key")
            let approved = records[1]
            #expect(approved.objectValue?.keys == [
                "id", "upload_id", "image_url", "amount", "actual_amount", "points", "points_awarded", "status", "review_status",
                "review_reason", "review_note", "reviewer_note", "upload_time", "uploaded_at", "review_time", "reviewed_at",
            ])
            #expect(approved["upload_id"] == "UP20250703001")
            #expect(approved["image_url"] == "https://sealos.storage/uploads/photo_101.jpg")
            #expect(approved["amount"] == 58.50 && approved["actual_amount"] == 58.50)
            #expect(result.raw.contains(#""amount":58.5,"#))
            #expect(approved["points"] == 585 && approved["points_awarded"] == 585)
            #expect(approved["status"] == "approved" && approved["review_status"] == "approved")
            #expect(approved["review_reason"] == "审核通过" && approved["review_note"] == "审核通过")
            #expect(approved["upload_time"] == "2025-07-03T14:30:00.000Z" && approved["uploaded_at"] == "2025-07-03T14:30:00.000Z")
            #expect(approved["review_time"] == "2025-07-03T15:30:00.000Z" && approved["reviewed_at"] == "2025-07-03T15:30:00.000Z")
            let pending = records[0]
            #expect(pending["amount"] == 120 && pending["actual_amount"] == .null && pending["points_awarded"] == 0)
            #expect(pending["status"] == "pending" && pending["review_reason"] == .null && pending["review_time"] == .null)
            let rejected = records[2]
            #expect(rejected["amount"] == 25.99 && rejected["review_reason"] == "图片不清晰" && rejected["status"] == "rejected")
            // Pagination nested (P1 + P2) and flat (F1, F3).
            #expect(data["pagination"] == ["total": 3, "page": 1, "limit": 10, "total_pages": 1, "totalPages": 1])
            #expect(data["total"] == 3 && data["page"] == 1 && data["limit"] == 10 && data["totalPages"] == 1)
            #expect(data["summary"] == [
                "total_uploads": 3, "approved_count": 1, "pending_count": 1, "rejected_count": 1, "total_points_earned": 585,
            ])
            #expect(data["statistics"]?["totalUploads"] == 3 && data["statistics"]?["total_points_earned"] == 585)
            #expect(data["statistics"]?["totalPointsEarned"] == 585 && data["statistics"]?["rejectedCount"] == 1)
            #expect(!result.raw.contains("upload_2_"), "another user's upload never shows")
        }
    }

    @Test(arguments: modes)
    func filtersPagesAndAliases(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            let rejected = try await client.send(.get, "/api/photo/history?status=rejected", token: token)
            #expect(rejected.body["data"]?["records"]?.arrayValue?.map { $0["upload_id"] } == ["upload_1_1751450400_rej001"])
            #expect(rejected.body["data"]?["total"] == 1)
            #expect(rejected.body["data"]?["summary"]?["total_uploads"] == 3, "the summary covers every upload")
            let page2 = try await client.send(.get, "/api/photo/history?page=2&limit=2", token: token)
            #expect(page2.body["data"]?["records"]?.arrayValue?.map { $0["id"] } == [103])
            #expect(page2.body["data"]?["pagination"]?["total_pages"] == 2)
            let clamped = try await client.send(.get, "/api/photo/history?limit=500", token: token)
            #expect(clamped.body["data"]?["limit"] == 50, "P6: limit above 50 is clamped")
            let all = try await client.send(.get, "/api/photo/history?status=all", token: token)
            for alias in ["/api/upload/records", "/upload/records"] {
                let viaAlias = try await client.send(.get, alias + "?status=all", token: token)
                #expect(viaAlias.body == all.body, "\(alias) answers exactly like /api/photo/history")
            }
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let theirs = try await client.send(.get, "/upload/records", token: merchant)
            #expect(theirs.body["data"]?["records"]?.arrayValue?.map { $0["id"] } == [104])
            #expect(theirs.body["data"]?["records"]?[0]?["amount"] == 99)
        }
    }

    /// P16: an upload V4 marks `reviewing` is labelled pending, so `status=pending` lists it.
    @Test(arguments: modes)
    func pendingIncludesUploadsUnderReview(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { engine in
            try await Self.arrange(engine)
            let user = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
            try await TestRows.insertUploads(engine, [
                ImageResourceRecord(
                    resourceId: 105, uploadId: "upload_1_1751562000_rev001", userId: user,
                    originalUrl: "https://sealos.storage/photos/1/rev.jpg", reviewStatus: .reviewing,
                    uploadedAt: TestRows.date("2025-07-03T17:00:00Z"), amountCents: 3000),
            ])
        }) { client, token in
            let pending = try await client.send(.get, "/api/photo/history?status=pending", token: token)
            let records = try #require(pending.body["data"]?["records"]?.arrayValue, Comment(rawValue: pending.raw))
            #expect(records.map { $0["id"] } == [105, 102])
            #expect(records.allSatisfy { $0["status"] == "pending" })
            #expect(pending.body["data"]?["total"] == 2)
            let approved = try await client.send(.get, "/api/photo/history?status=approved", token: token)
            #expect(approved.body["data"]?["records"]?.arrayValue?.map { $0["id"] } == [101])
        }
    }

    @Test func missingOrForgedTokenIsTheLegacyAuthError() async throws {
        try await TestBridge.expectLegacyAuthRequired(["/api/photo/history", "/api/upload/records", "/upload/records"])
    }

    @Test func v4MyUploadsAndStatsCarryTheExtensions() async throws {
        try await TestBridge.withEmbeddedBridge { client, engine in
            try await Self.arrange(engine)
            let token = try await client.legacyLogin().0
            let uploads = try await client.send(.get, "/api/v4/unified-engine/photo/my-uploads?review_status=approved", token: token)
            let upload = try #require(uploads.body["data"]?["uploads"]?[0])
            #expect(upload["resource_id"] == 101 && upload["upload_id"] == "UP20250703001")
            #expect(upload["amount_cents"] == 5850 && upload["actual_amount_cents"] == 5850 && upload["review_reason"] == "审核通过")
            #expect(upload["uploaded_at"] == "2025-07-03T22:30:00.000+08:00")
            #expect(uploads.body["data"]?["pagination"] == ["page": 1, "limit": 20, "total": 1, "total_pages": 1, "pages": 1])
            let stats = try await client.send(.get, "/api/v4/unified-engine/photo/my-stats", token: token)
            #expect(stats.body["data"]?["statistics"] == [
                "total_uploads": 3, "pending_count": 1, "approved_count": 1, "rejected_count": 1, "approval_rate": "50.0",
                "total_points_awarded": 585,
            ])
            let bogus = try await client.send(.get, "/api/v4/unified-engine/photo/my-uploads?review_status=bogus", token: token)
            #expect(bogus.status == 400 && bogus.body["code"] == "INVALID_PARAMETER")
            let badPage = try await client.send(.get, "/api/v4/unified-engine/photo/my-uploads?page=0", token: token)
            #expect(badPage.status == 400 && badPage.body["code"] == "INVALID_PAGINATION")
        }
    }
}
