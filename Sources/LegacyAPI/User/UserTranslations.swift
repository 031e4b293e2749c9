import BridgeKit
import V4Contract

/// `GET /api/user/info` → V4 `auth/profile` + `points/balance` (+ `points/user/statistics`
/// when the shape carries D0's `statistics`), all at once: the user id comes from the token.
struct UserInfoTranslation: LegacyTranslation {
    static let name = "user.info"
    static let reads = MappingReads(shapes: ["user_info"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let wantsStatistics = call.shapeIncludes("user_info", "statistics")
        func statistics(of userId: Int64) async throws -> V4UserStatistics? {
            wantsStatistics ? try await call.v4(V4API.Points.statistics, .init(userId: userId)) : nil
        }
        var profile: V4Profile
        var balance: V4PointsBalance
        var stats: V4UserStatistics?
        if let userId = call.tokenUserId {
            async let asked = call.v4(V4API.Auth.profile, .init())
            async let balanceAsked = call.v4(V4API.Points.balance, .init(userId: userId))
            async let statsAsked = statistics(of: userId)
            (profile, balance, stats) = try await (asked, balanceAsked, statsAsked)
        } else {
            // A token whose subject the bridge cannot read: the profile names the user.
            profile = try await call.v4(V4API.Auth.profile, .init())
            balance = try await call.v4(V4API.Points.balance, .init(userId: profile.user.userId))
            stats = try await statistics(of: profile.user.userId)
        }
        let view = LegacyUserView.make(user: profile.user, balance: balance, statistics: stats, now: call.now)
        return LegacyReply(data: call.shaped("user_info", from: view))
    }
}

/// `PUT /api/user/info` → V4 extension `PUT auth/profile` + `points/balance`.
struct UpdateUserInfoTranslation: LegacyTranslation {
    static let name = "user.update_info"
    static let reads = MappingReads(shapes: ["user_info_updated"], fields: ["nickname", "avatar"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.v4(
            V4API.Auth.updateProfile, .init(nickname: call.input.string("nickname"), avatar: call.input.string("avatar")))
        let balance = try await call.v4(V4API.Points.balance, .init(userId: profile.user.userId))
        let view = LegacyUserView.make(user: profile.user, balance: balance, now: call.now)
        return LegacyReply(data: call.shaped("user_info_updated", from: view))
    }
}

/// `GET /api/user/status` → V4 `auth/profile`.
struct UserStatusTranslation: LegacyTranslation {
    static let name = "user.status"
    static let reads = MappingReads(shapes: ["user_status"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.v4(V4API.Auth.profile, .init())
        return LegacyReply(data: call.shaped("user_status", from: LegacyUserView.make(user: profile.user, now: call.now)))
    }
}
