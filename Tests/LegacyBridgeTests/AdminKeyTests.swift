import BridgeAssembly
import BridgeKit
import Foundation
import HummingbirdTesting
@testable import LegacyAPI
import Testing
import V4Core

/// D1-B's admin key, when a deployment configures one (Docs/compatibility.md A8).
@Suite struct AdminKeyTests {
    @Test func aConfiguredKeyIsRequiredBeforeThePassword() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
                demoAdminPassword: TestBridge.adminPassword, deployment: LegacyDeployment(adminKey: "key-of-this-deployment")),
            logger: TestBridge.logger)
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.router) { client in
            func login(_ body: JSONValue) async throws -> LegacyResult {
                try await client.send(.post, "/api/auth/admin-login", json: body)
            }
            let password = JSONValue.string(TestBridge.adminPassword)
            for key in [nil, "dev_admin_2024", "key-of-this-deploymenT", "key-of-this-deployment ", ""] as [String?] {
                var body: JSONValue = ["username": "admin", "password": password]
                if let key { body = ["username": "admin", "password": password, "admin_key": .string(key)] }
                let refused = try await login(body)
                #expect(refused.status == 401 && refused.body["code"] == 3002 && refused.body["msg"] == "管理员密钥错误",
                        Comment(rawValue: "\(key ?? "nil"): \(refused.raw)"))
            }
            // The key is checked first: a wrong password with a wrong key says nothing about the password.
            let both = try await login(["username": "admin", "password": "wrong", "admin_key": "nope"])
            #expect(both.body["code"] == 3002)
            let wrongPassword = try await login(["username": "admin", "password": "wrong", "admin_key": "key-of-this-deployment"])
            #expect(wrongPassword.body["code"] == 3003)
            let ok = try await login(["username": "admin", "password": password, "admin_key": "key-of-this-deployment"])
            #expect(ok.body["code"] == 0, Comment(rawValue: ok.raw))
        }
    }

    @Test func secretsCompareExactly() {
        #expect(LegacyDeployment(adminKey: "").adminKey == nil)
        #expect(LegacyDeployment.sameSecret("abc", "abc"))
        for other in ["abd", "ab", "abcd", "", "ABC"] { #expect(!LegacyDeployment.sameSecret(other, "abc")) }
    }
}
