import BridgeKit
import V4Contract
import GRDB

/// A row of `roles` (V4 §5.2).
public struct RoleRecord: V4Record, Equatable {
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

    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case roleId = "role_id", roleUuid = "role_uuid", roleName = "role_name", roleLevel = "role_level",
            displayName = "display_name", description, permissions, isActive = "is_active",
            isSystem = "is_system", createdAt = "created_at", updatedAt = "updated_at"
    }
    public typealias Columns = CodingKeys
}

/// A row of `user_roles` (V4 §5.3).
public struct UserRoleRecord: V4Record, Equatable {
    public static let databaseTableName = "user_roles"
    public var userId: Int64
    public var roleId: Int64
    public var isActive: Bool
    public var assignedBy: Int64?
    public var assignedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
}

extension UserRoleRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case userId = "user_id", roleId = "role_id", isActive = "is_active", assignedBy = "assigned_by",
            assignedAt = "assigned_at", createdAt = "created_at", updatedAt = "updated_at"
    }
    public typealias Columns = CodingKeys
}
