import BridgeKit
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ServerKit
import Testing
import V4Core

/// Receipt upload → merchant review → credit, through the legacy API (Docs/compatibility.md P8-P11, M1-M8).
@Suite struct LegacyPhotoReviewTests {
    static let images = TestBridge.fixturesDirectory + "/../images"

    static func image(_ name: String) -> [UInt8] { Array(FileManager.default.contents(atPath: images + "/" + name)!) }

    static func form(file: [UInt8]?, field: String = "photo", name: String = "receipt.jpg", type: String = "image/jpeg",
                     fields: [String: String]) -> (ByteBuffer, String) {
        var form = MultipartForm(fields: fields)
        if let file { form.files[field] = V4UploadedFile(fileName: name, contentType: type, bytes: file) }
        return form.encoded()
    }

    static func upload(
        _ client: any TestClientProtocol, token: String?, file: [UInt8]?, amount: String? = "58.50", path: String = "/api/photo/upload",
        field: String = "photo", name: String = "receipt.jpg"
    ) async throws -> LegacyResult {
        let (body, contentType) = form(file: file, field: field, name: name, fields: amount.map { ["amount": $0] } ?? [:])
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.executeRequest(uri: path, method: .post, headers: headers, body: body)
        let raw = String(buffer: response.body)
        return LegacyResult(status: response.status.code, body: (try? JSONValue.parse(raw)) ?? .string(raw), raw: raw)
    }

    static func counts(_ engine: V4Engine) async throws -> (rows: Int, files: Int) {
        let rows = try await engine.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM image_resources")! }
        let root = engine.configuration.dataDirectory + "/objects"
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") || $0.hasSuffix(".webp") || $0.contains(".tmp-") }
        return (rows, files.count)
    }

    /// A real JPEG and PNG are accepted and served back byte-identical; each bad upload gets its
    /// documented code and nothing is stored.
    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .embeddedSocket])
    func uploadsAreCheckedStoredAndServedBack(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            let token = try await client.legacyLogin().0
            for (name, type) in [("receipt.jpg", "image/jpeg"), ("receipt.png", "image/png")] {
                let bytes = Self.image(name)
                let result = try await Self.upload(client, token: token, file: bytes, name: name)
                #expect(result.body["code"] == 0, Comment(rawValue: result.raw))
                #expect(result.body["data"]?["expected_points"] == 585 && result.body["data"]?["amount"] == 58.5)
                let url = try #require(result.body["data"]?["image_url"]?.stringValue)
                let path = url.hasPrefix("http") ? String(url[url.range(of: "/files/")!.lowerBound...]) : url
                let served = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
                #expect(served.status == .ok && served.headers[.contentType] == type)
                #expect(Array(served.body.readableBytesView) == bytes, "served back byte-identical")
            }
            let stored = try await Self.counts(engine)
            #expect(stored.rows == 2 && stored.files == 2)
            let jpeg = Self.image("receipt.jpg")
            var png = Self.image("receipt.png")
            png.replaceSubrange(8..<png.count, with: (0..<500).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let huge = jpeg + [UInt8](repeating: 0, count: 6 * 1024 * 1024)
            let cases: [(String, [UInt8]?, String?, Int64)] = [
                ("a text file named .jpg", Array("just text".utf8), "58.50", 3004),
                ("a PNG header followed by garbage", png, "58.50", 3004),
                ("a truncated JPEG", Array(jpeg.prefix(jpeg.count / 2)), "58.50", 3004),
                ("a 6 MB image", huge, "58.50", 1004),
                ("an empty file", [], "58.50", 1001),
                ("no file", nil, "58.50", 1001),
                ("a missing amount", jpeg, nil, 1002),
                ("amount 0", jpeg, "0", 1002),
                ("amount 10000.01", jpeg, "10000.01", 1003),
                ("amount abc", jpeg, "abc", 1002),
                ("amount -5", jpeg, "-5", 1002),
            ]
            for (what, file, amount, code) in cases {
                let result = try await Self.upload(client, token: token, file: file, amount: amount)
                #expect(result.body["code"]?.intValue == code, Comment(rawValue: "\(what): \(result.raw)"))
                #expect(result.status < 500)
            }
            let after = try await Self.counts(engine)
            #expect(after.rows == 2 && after.files == 2, "nothing stored for a refused upload")
            let anonymous = try await Self.upload(client, token: nil, file: jpeg)
            #expect(anonymous.status == 401 && anonymous.body["code"] == 2001)
        }
    }

    /// The done-means loop: upload, pending for the merchant, approve with the actual amount,
    /// the balance and the points records show the credit, the photo is at its URL.
    @Test(arguments: TestBridge.Mode.allCases)
    func uploadReviewCreditLoop(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, _ in
            let user = try await client.legacyLogin().0
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let uploaded = try await Self.upload(client, token: user, file: Self.image("receipt.jpg"), amount: "58.50")
            let uploadId = try #require(uploaded.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: uploaded.raw))
            // The photo is viewable at its URL in every mode (over HTTP the bridge passes /files through).
            let url = try #require(uploaded.body["data"]?["image_url"]?.stringValue)
            let photo = try await client.executeRequest(
                uri: String(url[url.range(of: "/files/")!.lowerBound...]), method: .get, headers: [:], body: nil)
            #expect(photo.status == .ok && Array(photo.body.readableBytesView) == Self.image("receipt.jpg"))
            let pending = try await client.send(.get, "/api/merchant/pending-reviews", token: merchant)
            #expect(pending.body["data"]?["pending_reviews"]?[0]?["upload_id"] == .string(uploadId), Comment(rawValue: pending.raw))
            let review = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": .string(uploadId), "action": "approved", "actual_amount": 58.5],
                token: merchant)
            #expect(review.body["data"]?["points_awarded"] == 585 && review.body["data"]?["user_new_balance"] == 1585,
                    Comment(rawValue: review.raw))
            let info = try await client.send(.get, "/api/user/info", token: user)
            #expect(info.body["data"]?["total_points"] == 1585)
            let records = try await client.send(.get, "/api/user/points/records?source=photo_review", token: user)
            let credit = try #require(records.body["data"]?["records"]?[0])
            #expect(credit["points"] == 585 && credit["related_id"] == .string(uploadId) && credit["type"] == "earn")
            let history = try await client.send(.get, "/api/photo/history", token: user)
            #expect(history.body["data"]?["records"]?[0]?["status"] == "approved")
            let detail = try await client.send(.get, "/api/photo/review/" + uploadId, token: user)
            #expect(detail.body["data"]?["reviewer_info"]?["reviewer_name"] == "演示商家", Comment(rawValue: detail.raw))
        }
    }

    /// Two merchants approve the same upload at the same moment: one succeeds, the user is
    /// credited once, the ledger sums to the balance.
    @Test func racingReviewersCreditOnce() async throws {
        try await TestBridge.withBridge(.embeddedSocket, coreTimeout: .seconds(60)) { client, engine in
            let user = try await client.legacyLogin().0
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let login = try await client.send(
                .post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let admin = try #require(login.body["data"]?["access_token"]?.stringValue)
            var ids: [String] = []
            for _ in 0..<8 {
                let result = try await Self.upload(client, token: user, file: Self.image("receipt.png"), amount: "10")
                ids.append(try #require(result.body["data"]?["upload_id"]?.stringValue))
            }
            for id in ids {
                let outcomes = try await withThrowingTaskGroup(of: LegacyResult.self) { group in
                    for reviewer in [merchant, admin] {
                        group.addTask {
                            try await client.send(
                                .post, "/api/merchant/review",
                                json: ["upload_id": .string(id), "action": "approved", "actual_amount": 10], token: reviewer)
                        }
                    }
                    return try await group.reduce(into: [LegacyResult]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0.body["code"] == 0 }.count == 1)
                #expect(outcomes.filter { $0.body["code"] == 3008 }.count == 1, Comment(rawValue: outcomes.map(\.raw).joined()))
            }
            let userId = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
            let (balance, rows) = try await engine.database.read { db in
                (try Int.fetchOne(db, sql: "SELECT available_points FROM user_points_accounts WHERE user_id = ?", arguments: [userId])!,
                 try PointsTransactionRecord.filter(Column("user_id") == userId).fetchAll(db))
            }
            #expect(balance == 1000 + 8 * 100, "credited once per upload (10 yuan × 10)")
            #expect(rows.map(\.signedAmount).reduce(0, +) == balance)
            #expect(rows.filter { $0.businessType == "photo_approved" }.count == 8)
        }
    }

    /// A user cannot review, cannot see another user's upload or file by guessing, and a
    /// merchant cannot approve what does not exist.
    @Test func permissionsAndGuessing() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, _ in
            let owner = try await client.legacyLogin().0
            let other = try await client.legacyLogin("13700007777").0
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let uploaded = try await Self.upload(client, token: owner, file: Self.image("receipt.jpg"))
            #expect(uploaded.body["code"] == 0)
            for path in ["/api/photo/review/1", "/api/photo/review/" + (uploaded.body["data"]?["upload_id"]?.stringValue ?? "")] {
                let peek = try await client.send(.get, path, token: other)
                #expect(peek.status == 404 && peek.body["code"] == 4004, Comment(rawValue: peek.raw))
            }
            let review = try await client.send(
                .post, "/api/merchant/review", json: ["upload_id": "1", "action": "approved", "actual_amount": 1], token: other)
            #expect(review.status == 403 && review.body["code"] == 2003)
            for path in ["/api/merchant/reviews/1/approve", "/api/merchant/reviews/1/reject"] {
                let denied = try await client.send(.post, path, json: ["actual_amount": 1, "reject_reason": "x"], token: owner)
                #expect(denied.body["code"] == 2003, Comment(rawValue: "\(path): \(denied.raw)"))
            }
            for path in ["/api/merchant/pending-reviews", "/api/merchant/reviews/pending", "/api/merchant/statistics",
                         "/api/merchant/product-stats"] {
                let denied = try await client.send(.get, path, token: other)
                #expect(denied.status == 403 && denied.body["code"] == 2003, Comment(rawValue: "\(path): \(denied.raw)"))
            }
            let missing = try await client.send(.post, "/api/merchant/reviews/999/approve", json: ["actual_amount": 1], token: merchant)
            #expect(missing.status == 404 && missing.body["code"] == 4004)
            for guess in ["/files/photos/2026-01-01/1.jpg", "/files/../legacy-bridge.sqlite", "/files/photos/%2e%2e/jwt-secret"] {
                let file = try await client.executeRequest(uri: guess, method: .get, headers: [:], body: nil)
                #expect(file.status == .notFound, "\(guess)")
            }
        }
    }

    /// Rows the migrator wrote (legacy ids kept) show in history, review detail and the
    /// merchant statistics.
    @Test func migratedReviewsKeepTheirIds() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client, engine in
            let token = try await client.legacyLogin().0
            let merchant = try await client.legacyLogin(DemoSeeder.merchantMobile).0
            let userId = try await TestRows.userId(engine, mobile: DemoSeeder.testUserMobile)
            var row = ImageResourceRecord(
                resourceId: 77, uploadId: "UP20250703001", userId: userId, originalUrl: "https://sealos.storage/uploads/photo_123456.jpg",
                reviewStatus: .approved, reviewedBy: 2, reviewedAt: TestRows.date("2025-07-03T15:30:00Z"), pointsAwarded: 585,
                uploadedAt: TestRows.date("2025-07-03T14:30:00Z"), amountCents: 5850, actualAmountCents: 5850)
            row.reviewNote = "审核通过"
            try await TestRows.insertUploads(engine, [row])
            for id in ["77", "UP20250703001"] {
                let detail = try await client.send(.get, "/api/photo/review/" + id, token: token)
                #expect(detail.body["data"]?["id"] == 77 && detail.body["data"]?["upload_id"] == "UP20250703001",
                        Comment(rawValue: detail.raw))
                #expect(detail.body["data"]?["timeline"]?["processing_time"] == "1小时0分钟")
            }
            let history = try await client.send(.get, "/api/photo/history", token: token)
            #expect(history.body["data"]?["records"]?[0]?["id"] == 77)
            let stats = try await client.send(.get, "/api/merchant/statistics?period=all", token: merchant)
            #expect(stats.body["data"]?["total_reviews"] == 1 && stats.body["data"]?["total_points_awarded"] == 585,
                    Comment(rawValue: stats.raw))
        }
    }

    /// Production: the application waits; an admin approves it through the V4 route; then the
    /// user is a merchant.
    @Test func productionApplicationsWaitForAnAdmin() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TestBridge.coreConfiguration(directory)
        configuration.mode = .production
        let engine = try await V4Engine.open(configuration, logger: TestBridge.logger)
        _ = try await DemoSeeder.seed(engine, adminPassword: "production-admin")
        let userId = try await engine.database.write { db in
            try UserDirectory.findOrCreate(mobile: "13711110000", registrationBonus: 0, in: db, at: Date()).0.userId!
        }
        let user = Identity(userId: userId, sessionId: "s", roles: [])
        let admin = try await engine.auth.authenticate(
            accessToken: try await engine.auth.adminLogin(username: "admin", password: "production-admin").accessToken)
        let request = V4MerchantApplyRequest(businessName: "小王便利店", contactPerson: "王小明", contactPhone: "13812345678")
        let applied = try await engine.merchants.apply(request, for: user)
        #expect(applied.status == "pending" && !applied.isMerchant)
        let again = await #expect(throws: V4Error.self) { _ = try await engine.merchants.apply(request, for: user) }
        #expect(again?.code == .merchantApplicationPending)
        let decided = try await engine.merchants.decide(.init(applicationId: applied.applicationId, status: "approved"), by: admin)
        #expect(decided.status == "approved" && decided.isMerchant)
        let roles = try await engine.database.read { db in try UserDirectory.roles(of: userId, in: db).map(\.roleName) }
        #expect(roles.contains("merchant"))
    }

    /// The owner deletes an upload: row and file go; someone else is told it does not exist.
    @Test func deleteRemovesRowAndFile() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, engine in
            let owner = try await client.legacyLogin().0
            let other = try await client.legacyLogin("13700008888").0
            _ = try await Self.upload(client, token: owner, file: Self.image("receipt.jpg"))
            let stranger = try await client.send(.delete, "/api/v4/unified-engine/photo/1", token: other)
            #expect(stranger.status == 404 && stranger.body["code"] == "IMAGE_NOT_FOUND")
            let deleted = try await client.send(.delete, "/api/v4/unified-engine/photo/1", token: owner)
            #expect(deleted.body["success"] == true, Comment(rawValue: deleted.raw))
            let left = try await Self.counts(engine)
            #expect(left.rows == 0 && left.files == 0)
        }
    }

    /// An upload far over the limit is refused while it streams in (413, 1004).
    @Test func oversizedBodyIsRefused() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client, _ in
            let token = try await client.legacyLogin().0
            let result = try await Self.upload(client, token: token, file: [UInt8](repeating: 0xFF, count: 12 * 1024 * 1024))
            #expect(result.status == 413 && result.body["code"] == 1004, Comment(rawValue: result.raw))
        }
    }

    /// The avatar is stored like a photo and becomes the user's avatar.
    @Test func avatarUpload() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client, _ in
            let token = try await client.legacyLogin().0
            let result = try await Self.upload(client, token: token, file: Self.image("avatar.png"), amount: nil,
                                               path: "/api/user/avatar", field: "avatar", name: "me.png")
            let url = try #require(result.body["data"]?["avatarUrl"]?.stringValue, Comment(rawValue: result.raw))
            let info = try await client.send(.get, "/api/user/info", token: token)
            #expect(info.body["data"]?["avatar"] == .string(url), Comment(rawValue: info.raw))
            let big = try await Self.upload(client, token: token, file: Self.image("avatar.png") + [UInt8](repeating: 0, count: 3 << 20),
                                            amount: nil, path: "/api/user/avatar", field: "avatar")
            #expect(big.body["code"] == 1004)
        }
    }
}
