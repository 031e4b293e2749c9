import BridgeAssembly
import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import LegacyAPI
import Testing
import V4Core

/// Findings of the attacker's pass over `serve` (issue: hardening), one test each: the input
/// that got through before is refused now, with its documented code, and nothing was stored.
@Suite struct HardeningTests {
    static let draw = "/api/v4/unified-engine/lottery/draw"

    /// The V4 routes are the embedded core's (a bridge in front of a remote core serves none).
    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .embeddedSocket])
    func drawTypeIsOneOfTheNamesAndMatchesTheCount(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, engine in
            let token = try await client.legacyLogin().0
            for body in [
                #"{"campaign_code":"BASIC_LOTTERY","draw_count":3,"draw_type":"single"}"#,
                #"{"campaign_code":"BASIC_LOTTERY","draw_count":1,"draw_type":"\#(String(repeating: "x", count: 200_000))"}"#,
                #"{"campaign_code":"","draw_count":1}"#,
            ] {
                let answer = try await client.send(.post, Self.draw, body: body, token: token)
                #expect(answer.status == 400 && answer.body["code"] == "INVALID_PARAMETER", Comment(rawValue: String(answer.raw.prefix(300))))
            }
            let fine = try await client.send(.post, Self.draw, body: #"{"campaign_code":"BASIC_LOTTERY","draw_count":3,"draw_type":"triple"}"#, token: token)
            #expect(fine.body["code"] == "DRAW_SUCCESS" || fine.body["success"] == true, Comment(rawValue: String(fine.raw.prefix(300))))
            let types = try await engine.database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT draw_type FROM lottery_draw_records") }
            #expect(types == ["triple"], "nothing else was stored: \(types)")
        }
    }

    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func passwordsBcryptCannotHoldNeverLogIn(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            for password in [TestBridge.adminPassword + "\u{0}junk", TestBridge.adminPassword + String(repeating: "y", count: 80)] {
                let answer = try await client.send(.post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(password)])
                #expect(answer.body["code"] == 3003, Comment(rawValue: answer.raw))
            }
            let right = try await client.send(.post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            #expect(right.body["code"] == 0, Comment(rawValue: right.raw))
        }
        #expect(AdminAccounts.isStorable("correct horse") && !AdminAccounts.isStorable("a\u{0}b"))
        #expect(!AdminAccounts.isStorable(String(repeating: "密", count: 25)), "75 bytes of UTF-8")
    }

    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func nicknamesWithControlOrBidiCharactersAreRefused(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let token = try await client.legacyLogin().0
            let ok = try await client.send(.put, "/api/user/info", json: ["nickname": "  小明  "], token: token)
            #expect(ok.body["code"] == 0 && ok.body["data"]?["nickname"] == "小明", Comment(rawValue: ok.raw))
            for bad in ["a\u{0}b", "evil\u{202E}gnp.exe", "tab\tname", "\u{2066}x\u{2069}", "del\u{7F}", "c1\u{85}x"] {
                let answer = try await client.send(.put, "/api/user/info", json: ["nickname": .string(bad)], token: token)
                #expect(answer.status == 400 && answer.body["code"] == 4002, Comment(rawValue: answer.raw))
            }
            let info = try await client.send(.get, "/api/user/info", token: token)
            #expect(info.body["data"]?["nickname"] == "小明", "nothing stored by the refused requests")
        }
    }
}

/// A known path with the wrong method is 405 with `Allow`, in each family's envelope; `/metrics`
/// is an operator's: from this machine, or with the configured token.
@Suite struct MethodAndMetricsTests {
    /// The token is checked before a large body is read: a forged token with a body over the
    /// route's limit is refused as unauthenticated (it was 413 while the body was read first);
    /// a valid one with the same body still gets the size error.
    @Test(arguments: TestBridge.Mode.allCases)
    func tokenIsCheckedBeforeTheBody(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let (token, _) = try await client.legacyLogin()
            let forged = try await GoldenFixtureTests.mint("forged")
            let big = #"{"product_id":1,"remark":""# + String(repeating: "x", count: 2 << 20) + #""}"#
            let refused = try await client.send(.post, "/api/exchange/submit", body: big, token: forged)
            #expect(refused.status == 401 && refused.body["code"] == 2001, Comment(rawValue: String(refused.raw.prefix(300))))
            let tooLarge = try await client.send(.post, "/api/exchange/submit", body: big, token: token)
            #expect(tooLarge.status == 413, Comment(rawValue: String(tooLarge.raw.prefix(300))))
            // A small body is read first, and the forged token refused by the call it makes.
            let small = try await client.send(.post, "/api/exchange/submit", json: ["product_id": 1], token: forged)
            #expect(small.status == 401 && small.body["code"] == 2001, Comment(rawValue: small.raw))
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client in
            let legacy = try await client.executeRequest(uri: "/api/lottery/draw", method: .delete, headers: [:], body: nil)
            #expect(legacy.status == .methodNotAllowed && legacy.headers[.allow] == "POST")
            #expect(try JSONValue.parse(legacy.body.readableBytesView)["code"] == 4000)
            let v4 = try await client.executeRequest(uri: "/api/v4/unified-engine/lottery/draw", method: .get, headers: [:], body: nil)
            #expect(v4.status == .methodNotAllowed && v4.headers[.allow] == "POST")
            #expect(try JSONValue.parse(v4.body.readableBytesView)["code"] == "METHOD_NOT_ALLOWED")
            let both = try await client.executeRequest(uri: "/api/user/info", method: .delete, headers: [:], body: nil)
            #expect(both.headers[.allow] == "GET, PUT")
            let parameterised = try await client.executeRequest(uri: "/api/v4/unified-engine/points/balance/7", method: .post, headers: [:], body: nil)
            #expect(parameterised.status == .methodNotAllowed && parameterised.headers[.allow] == "GET")
            let unknown = try await client.executeRequest(uri: "/api/no/such/route", method: .get, headers: [:], body: nil)
            #expect(unknown.status == .notFound && unknown.headers[.allow] == nil)
        }
    }

    @Test func metricsNeedTheConfiguredToken() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
                demoAdminPassword: TestBridge.adminPassword, deployment: LegacyDeployment(metricsToken: "scrape-secret")).patient(),
            logger: TestBridge.logger)
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.live) { client in
            let anonymous = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(anonymous.status == .notFound)
            let wrong = try await client.executeRequest(uri: "/metrics", method: .get, headers: [.authorization: "Bearer nope"], body: nil)
            #expect(wrong.status == .notFound)
            let right = try await client.executeRequest(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret"], body: nil)
            #expect(right.status == .ok && String(buffer: right.body).contains("legacy_bridge_"))
        }
    }
}
