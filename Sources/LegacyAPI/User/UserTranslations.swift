import BridgeKit
import V4Core

/// `GET /api/user/info` → V4 `auth/profile` + `points/balance` (+ `points/user/statistics`
/// when the shape carries D0's `statistics`).
struct UserInfoTranslation: LegacyTranslation {
    static let name = "user.info"

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.core.profile(token: call.requiredToken, requestID: call.requestID)
        let userId = profile.user.userId
        let balance = try await call.core.balance(userId: userId, token: call.requiredToken, requestID: call.requestID)
        let statistics =
            call.shapeIncludes("user_info", "statistics")
            ? try await call.core.statistics(userId: userId, token: call.requiredToken, requestID: call.requestID) : nil
        let view = LegacyUserView.make(user: profile.user, balance: balance, statistics: statistics, now: call.now)
        return LegacyReply(data: call.shaped("user_info", from: view))
    }
}

/// `PUT /api/user/info` → V4 extension `PUT auth/profile` + `points/balance`.
struct UpdateUserInfoTranslation: LegacyTranslation {
    static let name = "user.update_info"

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.core.updateProfile(
            token: call.requiredToken, nickname: call.input.string("nickname"), avatar: call.input.string("avatar"),
            requestID: call.requestID)
        let balance = try await call.core.balance(userId: profile.user.userId, token: call.requiredToken, requestID: call.requestID)
        let view = LegacyUserView.make(user: profile.user, balance: balance, now: call.now)
        return LegacyReply(data: call.shaped("user_info_updated", from: view))
    }
}

/// `GET /api/user/status` → V4 `auth/profile`.
struct UserStatusTranslation: LegacyTranslation {
    static let name = "user.status"

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.core.profile(token: call.requiredToken, requestID: call.requestID)
        return LegacyReply(data: call.shaped("user_status", from: LegacyUserView.make(user: profile.user, now: call.now)))
    }
}
