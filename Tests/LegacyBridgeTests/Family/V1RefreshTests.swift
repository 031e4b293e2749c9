import BridgeKit
import Foundation
import LegacyAPI
import Testing

/// D1-V1's login answers a `refreshToken` (§4.1.1); `POST /api/v1/auth/refresh` takes it back in
/// the body (or as `Authorization: Bearer`) and answers a new pair that works on the family's
/// routes, in every transport mode.
@Suite struct V1RefreshTests {
    @Test(arguments: TestBridge.Mode.allCases)
    func theBodysRefreshTokenGivesAWorkingPair(mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let login = try await client.send(.post, "/api/v1/auth/login", json: ["phone": "13800138000", "code": "123456"])
            let refresh = try #require(login.body["data"]?["refreshToken"]?.stringValue, Comment(rawValue: login.raw))
            let renewed = try await client.send(.post, "/api/v1/auth/refresh", json: ["refreshToken": .string(refresh)])
            #expect(renewed.body["code"] == 0 && renewed.body["data"]?["user"]?["userId"] == "user_1", Comment(rawValue: renewed.raw))
            let access = try #require(renewed.body["data"]?["accessToken"]?.stringValue)
            let profile = try await client.send(.get, "/api/v1/user/profile", token: access)
            #expect(profile.body["code"] == 0, Comment(rawValue: profile.raw))
            // An access token is not a refresh token.
            let wrong = try await client.send(.post, "/api/v1/auth/refresh", json: ["refreshToken": .string(access)])
            #expect(wrong.status == 401 && [2001, 2002].contains(wrong.body["code"]?.intValue ?? 0), Comment(rawValue: wrong.raw))
        }
    }
}
