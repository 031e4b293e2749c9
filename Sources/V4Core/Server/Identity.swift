import V4Contract

/// Who a verified V4 access token belongs to.
public struct Identity: Sendable, Equatable {
    public var userId: Int64
    public var sessionId: String
    public var roles: [RoleSummary]

    public init(userId: Int64, sessionId: String, roles: [RoleSummary]) {
        self.userId = userId
        self.sessionId = sessionId
        self.roles = roles
    }

    /// V4 [B]: `role_level >= 100` is admin.
    public var isAdmin: Bool { roles.contains { $0.roleLevel >= RoleName.adminLevel } }
    public var isMerchant: Bool { roles.contains { $0.roleName == RoleName.merchant } }
}
