import BridgeKit
import V4Contract
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every user field any legacy doc shows, computed from V4 data. Shapes in Mappings pick and
/// order the fields each endpoint returns.
enum LegacyUserView {
    static let fieldNames: Set<String> = [
        "user_id", "mobile", "nickname", "total_points", "is_merchant", "is_admin", "status", "avatar", "last_login",
        "created_at", "registration_time", "accumulated_points", "total_spent", "statistics", "last_update",
        "last_active", "online_status", "permissions", "admin_username", "level",
    ]

    static func make(
        user: V4User, balance: V4PointsBalance? = nil, statistics: V4UserStatistics? = nil, adminUsername: String? = nil,
        call: LegacyCall
    ) -> JSONObject {
        let now = call.now
        var view = JSONObject()
        let active = user.status == "active"
        view["user_id"] = .int(user.userId)
        // Legacy clients always got a masked mobile (V4 sanitisation wins: Docs/compatibility.md, rule 1).
        view["mobile"] = .string(MobileNumber.masked(user.mobile))
        view["nickname"] = JSONValue(user.nickname)
        view["total_points"] = balance.map { .int(Int64($0.availablePoints)) } ?? .null
        // D1-B: admins are merchants by default.
        view["is_merchant"] = .bool(user.isMerchant || user.roleBasedAdmin)
        view["is_admin"] = .bool(user.roleBasedAdmin)
        view["status"] = .string(user.status)
        // An avatar the core stores is a path on the server: absolute for the client (P14).
        view["avatar"] = call.absoluteURL(user.avatar)
        view["last_login"] = LegacyTime.from(v4: user.lastLogin)
        view["created_at"] = LegacyTime.from(v4: user.createdAt)
        view["registration_time"] = LegacyTime.from(v4: user.createdAt)
        view["accumulated_points"] = balance.map { .int(Int64($0.totalEarned)) } ?? .null
        view["total_spent"] = balance.map { .int(Int64($0.totalConsumed)) } ?? .null
        if let stats = statistics?.statistics {
            view["statistics"] = [
                "total_lottery_count": .int(Int64(stats.lottery.totalCount)),
                "total_exchange_count": .int(Int64(stats.exchange.totalCount)),
                "total_upload_count": .int(Int64(stats.upload.totalCount)),
                "total_points_earned": .int(Int64(stats.points.totalEarned)),
                "total_points_spent": .int(Int64(stats.points.totalConsumed)),
            ]
        } else {
            view["statistics"] = .null
        }
        view["last_update"] = LegacyTime.now(now)
        // The caller is making a request right now.
        view["last_active"] = LegacyTime.now(now)
        view["online_status"] = "online"
        view["permissions"] = [
            "can_upload_photo": .bool(active), "can_exchange": .bool(active), "can_lottery": .bool(active),
            "can_apply_merchant": .bool(active && !user.isMerchant && !user.roleBasedAdmin),
        ]
        view["admin_username"] = JSONValue(adminUsername)
        return view
    }
}

/// D0's `admin_info` block of the admin login.
enum LegacyAdminView {
    static let fieldNames: Set<String> = ["admin_id", "username", "role", "permissions"]

    static func make(grant: V4AdminGrant) -> JSONObject {
        var view = JSONObject()
        view["admin_id"] = .int(grant.user.userId)
        view["username"] = .string(grant.admin.username)
        view["role"] = grant.user.roleBasedAdmin ? "super_admin" : "admin"
        view["permissions"] = ["user_management", "lottery_config", "system_settings"]
        return view
    }
}
