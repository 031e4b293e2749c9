import BridgeKit
import Foundation
import LegacyAPI
import Testing
import V4Contract

/// `legacy-bridge provision` grants the campaign role up front: a provisioned user draws through
/// a bridge that grants nothing itself; one left out is refused (2003), as 003 refuses them.
@Suite struct ProvisionTests {
    @Test func provisionedUsersDrawAndOthersAreRefused() async throws {
        let binary = TestBridge.packageRoot + "/.build/debug/legacy-bridge"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the package first")
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            let admin = try #require(ServiceSession.parse("13900139000:123456"))
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20)) { client in
                let v4 = HTTPUpstreamTransport(baseURL: double.url, timeout: .seconds(20))
                var users: [(token: String, id: Int64)] = []
                for mobile in ["13700001111", "13700002222", "13700003333"] {
                    let token = try await client.legacyLogin(mobile).0
                    let id = try #require(try await client.send(.get, "/api/user/info", token: token).body["data"]?["user_id"]?.intValue)
                    _ = try await admin.call(V4API.Points.adjust, .init(userId: id, amount: 500, reason: "test"), via: v4)
                    users.append((token, id))
                }
                await v4.shutdown()
                let arguments = ["provision", "--core", double.url, "--user-id", String(users[0].id), "--user-id", String(users[1].id)]
                var withSession = ProcessInfo.processInfo.environment
                withSession["LEGACY_BRIDGE_CORE_ADMIN"] = "13900139000:123456"
                let environment = withSession
                let (termination, output) = try await OffPool.run { try ChildProcess.run(binary, arguments, environment: environment) }
                #expect(termination == .exit(0) && output.contains("granted 2, failed 0"), Comment(rawValue: output))
                // Run again: 003 assigns an existing role without error.
                let (again, rerun) = try await OffPool.run { try ChildProcess.run(binary, arguments, environment: environment) }
                #expect(again == .exit(0) && rerun.contains("granted 2, failed 0"), Comment(rawValue: rerun))
                for user in users.prefix(2) {
                    let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: user.token)
                    #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
                }
                let refused = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: users[2].token)
                #expect(refused.body["code"] == 2003, Comment(rawValue: refused.raw))
                // Without a session: a clear refusal, nothing called.
                var without = environment
                without["LEGACY_BRIDGE_CORE_ADMIN"] = nil
                let noSession = without
                let (missing, message) = try await OffPool.run { try ChildProcess.run(binary, arguments, environment: noSession) }
                #expect(missing != .exit(0) && message.contains("LEGACY_BRIDGE_CORE_ADMIN"), Comment(rawValue: message))
            }
        }
    }
}
