import BridgeKit
import V4Contract

/// `GET /api/user/info` → V4 `auth/profile` and, side by side (the user id comes from the token),
/// `points/user/statistics` when the shape carries D0's `statistics` (its points block is the
/// balance), else `points/balance`.
struct UserInfoTranslation: LegacyTranslation {
    static let name = "user.info"
    static let reads = MappingReads(shapes: ["user_info"], params: ["levels"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let wantsStatistics = call.shapeIncludes("user_info", "statistics")
        // The statistics carry the balance too: with them, no separate balance call.
        @Sendable func facts(of userId: Int64) async throws -> (V4PointsBalance, V4UserStatistics?) {
            guard wantsStatistics else { return (try await call.v4(V4API.Points.balance, .init(userId: userId)), nil) }
            let statistics = try await call.v4(V4API.Points.statistics, .init(userId: userId))
            let points = statistics.statistics.points
            return (
                V4PointsBalance(
                    userId: userId, availablePoints: points.currentBalance, totalEarned: points.totalEarned,
                    totalConsumed: points.totalConsumed), statistics
            )
        }
        let profile: V4Profile
        let balance: V4PointsBalance
        let statistics: V4UserStatistics?
        if let userId = call.tokenUserId {
            (profile, (balance, statistics)) = try await call.both(
                { try await call.v4(V4API.Auth.profile, .init()) }, { try await facts(of: userId) })
        } else {
            // A token whose subject the bridge cannot read: the profile names the user.
            profile = try await call.v4(V4API.Auth.profile, .init())
            (balance, statistics) = try await facts(of: profile.user.userId)
        }
        var view = LegacyUserView.make(user: profile.user, balance: balance, statistics: statistics, call: call)
        view["level"] = LegacyMemberLevel.level(accumulated: balance.totalEarned, levels: call.paramValue("levels"))
        return LegacyReply(data: call.shaped("user_info", from: view), source: call.source(["profile": profile]))
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
        let view = LegacyUserView.make(user: profile.user, balance: balance, call: call)
        return LegacyReply(data: call.shaped("user_info_updated", from: view))
    }
}

/// `GET /api/user/status` → V4 `auth/profile`.
struct UserStatusTranslation: LegacyTranslation {
    static let name = "user.status"
    static let reads = MappingReads(shapes: ["user_status"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.v4(V4API.Auth.profile, .init())
        return LegacyReply(data: call.shaped("user_status", from: LegacyUserView.make(user: profile.user, call: call)))
    }
}
