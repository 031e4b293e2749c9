import BridgeKit
import V4Contract

/// Who a verified V4 access token belongs to.
@PublicInit
public struct Identity: Sendable, Equatable {
    public var userId: Int64
    public var sessionId: String
    public var roles: [RoleSummary]

    /// V4 [B]: `role_level >= 100` is admin.
    public var isAdmin: Bool { roles.contains { $0.roleLevel >= RoleName.adminLevel } }
    public var isMerchant: Bool { roles.contains { $0.roleName == RoleName.merchant } }
}
