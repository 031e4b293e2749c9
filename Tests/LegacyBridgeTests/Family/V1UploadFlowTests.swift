import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import LegacyAPI
import NIOCore
import Testing
import V4Contract

/// D1-V1 §6.1's three steps over a real socket (`wx.uploadFile` is a multipart POST to the
/// token's uploadUrl, field `file`, the upload token as the bearer), and every way to misuse them.
@Suite struct V1UploadFlowTests {
    static func v1Login(_ client: any TestClientProtocol, _ phone: String) async throws -> String {
        let login = try await client.send(.post, "/api/v1/auth/login", json: ["phone": .string(phone), "code": "123456"])
        return try #require(login.body["data"]?["accessToken"]?.stringValue, Comment(rawValue: login.raw))
    }

    static func uploadToken(_ client: any TestClientProtocol, _ token: String) async throws -> (url: String, token: String) {
        let answer = try await client.send(.get, "/api/v1/upload/token?fileType=image&purpose=receipt", token: token)
        let data = try #require(answer.body["data"], Comment(rawValue: answer.raw))
        #expect(data["expire"] == 600 && data["maxSize"] == 5_242_880 && data["allowedTypes"] == ["jpg", "png", "jpeg"])
        return (try #require(data["uploadUrl"]?.stringValue), try #require(data["token"]?.stringValue))
    }

    /// Step 2 as `wx.uploadFile` sends it: multipart, field `file`, the upload token as the bearer.
    static func uploadFile(_ client: any TestClientProtocol, url: String, token: String?, bytes: [UInt8]) async throws -> LegacyResult {
        let path = String(url[try #require(url.range(of: "/api/v1/"))!.lowerBound...])
        return try await LegacyPhotoReviewTests.upload(client, token: token, file: bytes, amount: nil, path: path, field: "file", name: "wx-tmp.jpg")
    }

    @Test func theThreeStepsAndEveryMisuse() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client in
            let user = try await Self.v1Login(client, "13800138000")
            let other = try await Self.v1Login(client, "13700001234")
            let receipt = LegacyPhotoReviewTests.image("receipt.jpg")

            // 1. token, 2. direct upload, 3. submit.
            let (url, token) = try await Self.uploadToken(client, user)
            #expect(url.hasSuffix("/api/v1/upload/file"), "an upload URL on this server: \(url)")
            let uploaded = try await Self.uploadFile(client, url: url, token: token, bytes: receipt)
            let fileUrl = try #require(uploaded.body["data"]?["fileUrl"]?.stringValue, Comment(rawValue: uploaded.raw))
            // Another user cannot submit this user's file.
            let stolen = try await client.send(.post, "/api/v1/upload/submit", json: ["imageUrl": .string(fileUrl), "amount": 88.5], token: other)
            #expect(stolen.body["code"] == 5003, Comment(rawValue: stolen.raw))
            let submitted = try await client.send(
                .post, "/api/v1/upload/submit",
                json: ["imageUrl": .string(fileUrl), "amount": 88.5, "description": "今日午餐消费", "uploadTime": "2025-01-02T12:00:00Z"],
                token: user)
            #expect(submitted.body["code"] == 0 && submitted.body["message"] == "提交成功，等待审核", Comment(rawValue: submitted.raw))
            let data = try #require(submitted.body["data"])
            #expect(data["status"] == "pending" && data["expectedPoints"] == 885 && data["uploadId"]?.stringValue?.hasPrefix("upload_") == true)
            let records = try await client.send(.get, "/api/v1/records/upload", token: user)
            #expect(records.raw.contains(data["uploadId"]?.stringValue ?? "?"), Comment(rawValue: records.raw))

            // The token is spent; the file is spent; a URL never uploaded is refused.
            let reused = try await Self.uploadFile(client, url: url, token: token, bytes: receipt)
            #expect(reused.body["code"] == 5003 && reused.status == 401, Comment(rawValue: reused.raw))
            let again = try await client.send(.post, "/api/v1/upload/submit", json: ["imageUrl": .string(fileUrl), "amount": 88.5], token: user)
            #expect(again.body["code"] == 5003, Comment(rawValue: again.raw))
            let arbitrary = try await client.send(
                .post, "/api/v1/upload/submit", json: ["imageUrl": "https://sealos.storage/image123.jpg", "amount": 88.5], token: user)
            #expect(arbitrary.body["code"] == 5003, Comment(rawValue: arbitrary.raw))

            // A forged token, no token, a session token instead of an upload token, not an image.
            let (_, fresh) = try await Self.uploadToken(client, user)
            let forged = fresh.dropLast(3) + "AAA"
            #expect(try await Self.uploadFile(client, url: url, token: String(forged), bytes: receipt).body["code"] == 5003)
            #expect(try await Self.uploadFile(client, url: url, token: nil, bytes: receipt).body["code"] == 5003)
            #expect(try await Self.uploadFile(client, url: url, token: user, bytes: receipt).body["code"] == 5003)
            let text = try await Self.uploadFile(client, url: url, token: fresh, bytes: Array("not an image".utf8))
            #expect(text.body["code"] == 5001, Comment(rawValue: text.raw))
            // A token used by another user: the file is the token holder's, so the other user's submit fails.
            let (_, othersToken) = try await Self.uploadToken(client, other)
            let othersFile = try #require(try await Self.uploadFile(client, url: url, token: othersToken, bytes: receipt).body["data"]?["fileUrl"]?.stringValue)
            let crossed = try await client.send(.post, "/api/v1/upload/submit", json: ["imageUrl": .string(othersFile), "amount": 10], token: user)
            #expect(crossed.body["code"] == 5003, Comment(rawValue: crossed.raw))
            // Bad input on submit: named fields in errors[].
            let missing = try await client.send(.post, "/api/v1/upload/submit", json: ["amount": 10], token: user)
            #expect(missing.body["code"] == 4001 && missing.body["errors"]?[0]?["field"] == "imageUrl", Comment(rawValue: missing.raw))
            let wrongType = try await client.send(.post, "/api/v1/upload/submit", json: ["imageUrl": .string(othersFile), "amount": "lots"], token: other)
            #expect(wrongType.body["code"] == 4002 && wrongType.body["errors"]?[0]?["field"] == "amount", Comment(rawValue: wrongType.raw))
        }
    }

    /// An expired token is refused, and the staging store stays bounded.
    @Test func expiredTokensAreRefusedAndStagingIsBounded() throws {
        var limits = UploadStaging.Limits()
        limits.maxFiles = 3
        let staging = UploadStaging(limits: limits)
        let jpeg = V4UploadedFile(fileName: "a.jpg", contentType: "image/jpeg", bytes: LegacyPhotoReviewTests.image("receipt.jpg"))
        let token = staging.issue(userId: 1, purpose: "receipt", now: Date(timeIntervalSinceNow: -601))
        #expect(throws: UploadStaging.Refusal.invalidToken) { try staging.accept(token: token, file: jpeg) }
        for _ in 0..<5 { _ = try staging.accept(token: staging.issue(userId: 1, purpose: "receipt"), file: jpeg) }
        #expect(staging.stagedCount == 3)
        var big = jpeg
        big.bytes += [UInt8](repeating: 0, count: limits.maxSize)
        #expect(throws: UploadStaging.Refusal.tooLarge) { try staging.accept(token: staging.issue(userId: 1, purpose: "receipt"), file: big) }
    }
}
