import V4Contract
import BridgeKit
import GRDB

/// Users and their roles, as the rest of the core sees them.
public enum UserDirectory {
    /// Finds the user with `mobile`, or creates one with the `user` role, an empty account and the
    /// registration bonus (legacy: "新用户奖励1000积分"). Returns whether it was created.
    public static func findOrCreate(mobile: String, registrationBonus: Int, in db: Database, at time: Date) throws
        -> (UserRecord, created: Bool)
    {
        if let user = try UserRecord.filter(UserRecord.Columns.mobile == mobile).fetchOne(db) { return (user, false) }
        var user = UserRecord(mobile: mobile, nickname: UserRecord.defaultNickname(mobile: mobile), createdAt: time)
        try user.insert(db)
        let userId = user.userId!
        try grant(RoleName.user, to: userId, in: db, at: time)
        _ = try PointsLedger.account(for: userId, in: db, at: time)
        if registrationBonus > 0 {
            try PointsLedger.post(
                PointsEntry(
                    userId: userId, direction: .earn, amount: registrationBonus, businessType: "register_bonus",
                    sourceType: "register", title: "新用户注册奖励", description: "新用户奖励\(registrationBonus)积分"),
                in: db, at: time)
            user = try UserRecord.fetchOne(db, key: userId)!
        }
        return (user, true)
    }

    public static func grant(_ roleName: String, to userId: Int64, in db: Database, at time: Date, by admin: Int64? = nil)
        throws
    {
        guard let role = try RoleRecord.filter(RoleRecord.Columns.roleName == roleName).fetchOne(db) else {
            throw V4Error(.invalidParameter, "角色不存在: \(roleName)")
        }
        try db.execute(
            sql: """
                INSERT INTO user_roles (user_id, role_id, is_active, assigned_by, assigned_at, created_at, updated_at)
                VALUES (?, ?, 1, ?, ?, ?, ?)
                ON CONFLICT(user_id, role_id) DO UPDATE SET is_active = 1, updated_at = excluded.updated_at
                """,
            arguments: [userId, role.roleId, admin, time, time, time])
    }

    /// Active roles of a user, highest level first.
    public static func roles(of userId: Int64, in db: Database) throws -> [RoleRecord] {
        try RoleRecord.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT roles.* FROM roles JOIN user_roles ON user_roles.role_id = roles.role_id
                    WHERE user_roles.user_id = ? AND user_roles.is_active = 1 AND roles.is_active = 1
                    ORDER BY roles.role_level DESC, roles.role_id
                    """),
            arguments: [userId])
    }

    /// The V4 user payload (own data: the mobile is not masked, V4 §6.12).
    public static func payload(for user: UserRecord, in db: Database) throws -> V4User {
        let roles = try roles(of: user.userId!, in: db)
        return V4User(
            userId: user.userId!, mobile: user.mobile, nickname: user.nickname, avatar: user.avatarUrl,
            roleBasedAdmin: roles.contains { $0.roleLevel >= RoleName.adminLevel },
            roles: roles.map { V4Role(roleUUID: $0.roleUuid, roleName: $0.roleName, roleLevel: $0.roleLevel) },
            status: user.status.rawValue, createdAt: Timestamp.beijing(user.createdAt),
            lastLogin: user.lastLogin.map(Timestamp.beijing), loginCount: user.loginCount,
            historyTotalPoints: user.historyTotalPoints, consecutiveFailCount: user.consecutiveFailCount)
    }

    public static func identityRoles(of userId: Int64, in db: Database) throws -> [RoleSummary] {
        try roles(of: userId, in: db).map { RoleSummary(roleName: $0.roleName, roleLevel: $0.roleLevel) }
    }
}

/// Name and level of a role, what authorisation decisions need.
public struct RoleSummary: Sendable, Equatable {
    public var roleName: String
    public var roleLevel: Int
}
