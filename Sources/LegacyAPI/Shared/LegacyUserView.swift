import BridgeKit
import V4Contract

/// Every user field any legacy doc shows, computed from V4 data. Shapes in Mappings pick and
/// order the fields each endpoint returns.
enum LegacyUserView {
    struct Source: Sendable {
        var user: V4User
        var balance: V4PointsBalance?
        var statistics: V4UserStatistics.Statistics?
        var adminUsername: String?
        var call: LegacyCall
        var active: Bool { user.status == "active" }
    }

    static let view = LegacyViewFields<Source>([
        "user_id": { .int($0.user.userId) },
        // Legacy clients always got a masked mobile (V4 sanitisation wins: Docs/compatibility.md, rule 1).
        "mobile": { .string(MobileNumber.masked($0.user.mobile)) },
        "nickname": { JSONValue($0.user.nickname) },
        "total_points": { $0.balance.map { .int(Int64($0.availablePoints)) } ?? .null },
        // D1-B: admins are merchants by default.
        "is_merchant": { .bool($0.user.isMerchant || $0.user.roleBasedAdmin) },
        "is_admin": { .bool($0.user.roleBasedAdmin) },
        "status": { .string($0.user.status) },
        // An avatar the core stores is a path on the server: absolute for the client (P14).
        "avatar": { $0.call.absoluteURL($0.user.avatar) },
        "last_login": { LegacyTime.from(v4: $0.user.lastLogin) },
        "created_at": { LegacyTime.from(v4: $0.user.createdAt) },
        "registration_time": { LegacyTime.from(v4: $0.user.createdAt) },
        "accumulated_points": { $0.balance.map { .int(Int64($0.totalEarned)) } ?? .null },
        "total_spent": { $0.balance.map { .int(Int64($0.totalConsumed)) } ?? .null },
        "statistics": { source in
            guard let stats = source.statistics else { return .null }
            return [
                "total_lottery_count": .int(Int64(stats.lottery.totalCount)),
                "total_exchange_count": .int(Int64(stats.exchange.totalCount)),
                "total_upload_count": .int(Int64(stats.upload.totalCount)),
                "total_points_earned": .int(Int64(stats.points.totalEarned)),
                "total_points_spent": .int(Int64(stats.points.totalConsumed)),
            ]
        },
        "last_update": { LegacyTime.now($0.call.now) },
        // The caller is making a request right now.
        "last_active": { LegacyTime.now($0.call.now) },
        "online_status": { _ in "online" },
        "permissions": { source in
            [
                "can_upload_photo": .bool(source.active), "can_exchange": .bool(source.active),
                "can_lottery": .bool(source.active),
                "can_apply_merchant": .bool(source.active && !source.user.isMerchant && !source.user.roleBasedAdmin),
            ]
        },
        "admin_username": { JSONValue($0.adminUsername) },
    ])

    /// The view's keys, and `level`, which the user-info translation adds (it needs the
    /// mapping's member levels).
    static var fieldNames: Set<String> { view.names.union(["level"]) }

    static func make(
        user: V4User, balance: V4PointsBalance? = nil, statistics: V4UserStatistics? = nil, adminUsername: String? = nil,
        call: LegacyCall
    ) -> LegacyView<Source> {
        view.make(Source(user: user, balance: balance, statistics: statistics?.statistics, adminUsername: adminUsername, call: call))
    }
}

/// D0's `admin_info` block of the admin login.
enum LegacyAdminView {
    static let view = LegacyViewFields<V4AdminGrant>([
        "admin_id": { .int($0.user.userId) },
        "username": { .string($0.admin.username) },
        "role": { $0.user.roleBasedAdmin ? "super_admin" : "admin" },
        "permissions": { _ in ["user_management", "lottery_config", "system_settings"] },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(grant: V4AdminGrant) -> LegacyView<V4AdminGrant> { view.make(grant) }
}
