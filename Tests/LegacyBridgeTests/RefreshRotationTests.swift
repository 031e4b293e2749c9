import BridgeKit
import Foundation
import HummingbirdTesting
import Testing

/// Refresh rotation that both documented clients survive (Docs/compatibility.md A11): D0 never
/// receives the rotated token and keeps its original; D1 always moves on to the new one.
@Suite struct RefreshRotationTests {
    static func refresh(_ client: any TestClientProtocol, _ token: String) async throws -> LegacyResult {
        try await client.send(.post, "/api/auth/refresh", token: token)
    }

    @Test(arguments: TestBridge.Mode.allCases)
    func aD0ClientKeepsItsOriginalRefreshToken(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let (_, original) = try await client.legacyLogin()
            for round in 0..<4 {
                let refreshed = try await Self.refresh(client, original)
                #expect(refreshed.body["code"] == 0, Comment(rawValue: "round \(round): \(refreshed.raw)"))
                let access = try #require(refreshed.body["data"]?["access_token"]?.stringValue)
                let info = try await client.send(.get, "/api/user/info", token: access)
                #expect(info.body["code"] == 0, Comment(rawValue: info.raw))
            }
        }
    }

    @Test(arguments: TestBridge.Mode.allCases)
    func aD1ClientMovesOnAndOldTokensDie(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let (_, r0) = try await client.legacyLogin()
            var chain = [r0]
            for _ in 0..<3 {
                let refreshed = try await Self.refresh(client, chain.last!)
                chain.append(try #require(refreshed.body["data"]?["refresh_token"]?.stringValue, Comment(rawValue: refreshed.raw)))
            }
            // r0 → r1 → r2 → r3: r0 and r1 were replaced by tokens the client then used.
            for (index, stale) in chain.prefix(2).enumerated() {
                let replay = try await Self.refresh(client, stale)
                #expect(replay.status == 401 && replay.body["code"] == 2001, Comment(rawValue: "r\(index): \(replay.raw)"))
            }
            // The current token goes on.
            let current = try await Self.refresh(client, chain[3])
            #expect(current.body["code"] == 0, Comment(rawValue: current.raw))
            // A logout ends every token of the session, predecessor included.
            let access = try #require(current.body["data"]?["access_token"]?.stringValue)
            _ = try await client.send(.post, "/api/auth/logout", token: access)
            for token in [chain[3], current.body["data"]?["refresh_token"]?.stringValue ?? ""] {
                #expect(try await Self.refresh(client, token).body["code"] == 2001)
            }
        }
    }
}
