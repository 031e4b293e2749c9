import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `roles` (V4 §5.2).
public struct RoleRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "roles"
    public var roleId: Int64?
    public var roleUuid: String
    public var roleName: String
    public var roleLevel: Int
    public var displayName: String?
    public var description: String?
    public var permissions: String
    public var isActive: Bool
    public var isSystem: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { roleId = inserted.rowID }
}

/// A row of `user_roles` (V4 §5.3).
public struct UserRoleRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "user_roles"
    public var userId: Int64
    public var roleId: Int64
    public var isActive: Bool
    public var assignedBy: Int64?
    public var assignedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
}
