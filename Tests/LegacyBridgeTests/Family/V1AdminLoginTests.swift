import BridgeAssembly
import BridgeKit
import Foundation
import HummingbirdTesting
import LegacyAPI
import Testing

/// D1-V1's admin login with its image captcha (§4.1.3, §4.1.4): a real PNG from libgd, the answer
/// checked once, then the password.
@Suite struct V1AdminLoginTests {
    @Test func theCaptchaIsARealImageCheckedOnce() async throws {
        try #require(CaptchaStore.isAvailable, "built without the Captcha trait (scripts/test.sh builds with it)")
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let deployment = LegacyDeployment()
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
                demoAdminPassword: TestBridge.adminPassword, deployment: deployment).patient(),
            logger: TestBridge.logger)
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.live) { client in
            // The route: a PNG (its signature and IHDR), in a data URL.
            let captcha = try await client.send(.get, "/api/v1/auth/captcha")
            let image = try #require(captcha.body["data"]?["captchaImage"]?.stringValue, Comment(rawValue: captcha.raw))
            #expect(image.hasPrefix("data:image/png;base64,") && captcha.body["data"]?["captchaId"]?.stringValue?.hasPrefix("captcha_") == true)
            let png = try #require(Data(base64Encoded: String(image.dropFirst("data:image/png;base64,".count))))
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] && png.count > 500)

            // A captcha whose answer the test knows (the same store the route uses).
            let known = try #require(deployment.captchas.issue())
            func login(_ id: String, _ answer: String, password: String = TestBridge.adminPassword) async throws -> LegacyResult {
                try await client.send(
                    .post, "/api/v1/auth/admin-login",
                    json: ["username": "admin", "password": .string(password), "captcha": .string(answer), "captchaId": .string(id)])
            }
            let wrong = try await login(known.id, "XXXXX")
            #expect(wrong.body["code"] == 2009 && wrong.body["message"] == "图形验证码错误", Comment(rawValue: wrong.raw))
            #expect(try await login(known.id, known.answer).body["code"] == 2009, "a wrong answer spent it")
            let fresh = try #require(deployment.captchas.issue())
            let badPassword = try await login(fresh.id, fresh.answer.lowercased(), password: "wrong")
            #expect(badPassword.body["code"] == 2000, "the captcha passed (any case), the password did not: \(badPassword.raw)")
            let next = try #require(deployment.captchas.issue())
            let ok = try await login(next.id, next.answer)
            #expect(ok.body["code"] == 0 && ok.body["message"] == "管理员登录成功", Comment(rawValue: ok.raw))
            let admin = try #require(ok.body["data"]?["admin"])
            #expect(admin["username"] == "admin" && admin["adminId"]?.stringValue?.hasPrefix("admin_") == true && ok.body["data"]?["accessToken"]?.stringValue != nil)
            #expect(try await login(next.id, next.answer).body["code"] == 2009, "spent by its use")
            let missing = try await client.send(.post, "/api/v1/auth/admin-login", json: ["username": "admin", "password": "x"])
            #expect(missing.body["code"] == 4001 && missing.body["errors"] != nil, Comment(rawValue: missing.raw))
        }
    }
}
