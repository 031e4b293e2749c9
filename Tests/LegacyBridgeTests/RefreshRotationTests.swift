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
            // r0 → r1 → r2 → r3: r0 was replaced by a token the client then used, so whoever
            // presents it now kept a copy: refused, and the whole session with it (reuse detection).
            let lastAccess = try #require(
                try await Self.refresh(client, chain[3]).body["data"]?["access_token"]?.stringValue)
            #expect(try await client.send(.get, "/api/user/info", token: lastAccess).body["code"] == 0)
            let replay = try await Self.refresh(client, chain[0])
            #expect(replay.status == 401 && replay.body["code"] == 2001, Comment(rawValue: replay.raw))
            let after = try await client.send(.get, "/api/user/info", token: lastAccess)
            #expect(after.body["code"] != 0, "the session's access token died with it: \(after.raw)")
            for token in chain { #expect(try await Self.refresh(client, token).body["code"] == 2001, "every token of the session") }

            // A logout ends every token of a session, the current and the predecessor.
            let (_, fresh) = try await client.legacyLogin()
            let next = try await Self.refresh(client, fresh)
            let access = try #require(next.body["data"]?["access_token"]?.stringValue)
            _ = try await client.send(.post, "/api/auth/logout", token: access)
            for token in [fresh, next.body["data"]?["refresh_token"]?.stringValue ?? ""] {
                #expect(try await Self.refresh(client, token).body["code"] == 2001)
            }
        }
    }
}
