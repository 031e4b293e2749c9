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

    public enum Columns {
        static let roleId = Column("role_id"), roleUuid = Column("role_uuid"), roleName = Column("role_name")
        static let roleLevel = Column("role_level"), displayName = Column("display_name"), description = Column("description")
        static let permissions = Column("permissions"), isActive = Column("is_active"), isSystem = Column("is_system")
        static let createdAt = Column("created_at"), updatedAt = Column("updated_at")
    }

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

extension RoleRecord {
    /// Read by column, without a `Codable` pass (every profile reads the user's roles).
    public init(row: Row) throws {
        roleId = row[Columns.roleId]
        roleUuid = row[Columns.roleUuid]
        roleName = row[Columns.roleName]
        roleLevel = row[Columns.roleLevel]
        displayName = row[Columns.displayName]
        description = row[Columns.description]
        permissions = row[Columns.permissions]
        isActive = row[Columns.isActive]
        isSystem = row[Columns.isSystem]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension RoleRecord {
    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.roleId] = roleId
        container[Columns.roleUuid] = roleUuid
        container[Columns.roleName] = roleName
        container[Columns.roleLevel] = roleLevel
        container[Columns.displayName] = displayName
        container[Columns.description] = description
        container[Columns.permissions] = permissions
        container[Columns.isActive] = isActive
        container[Columns.isSystem] = isSystem
        container[Columns.createdAt] = createdAt
        container[Columns.updatedAt] = updatedAt
    }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension UserRoleRecord {
    public enum Columns {
        static let userId = Column("user_id")
        static let roleId = Column("role_id")
        static let isActive = Column("is_active")
        static let assignedBy = Column("assigned_by")
        static let assignedAt = Column("assigned_at")
        static let createdAt = Column("created_at")
        static let updatedAt = Column("updated_at")
    }

    public init(row: Row) throws {
        userId = row[Columns.userId]
        roleId = row[Columns.roleId]
        isActive = row[Columns.isActive]
        assignedBy = row[Columns.assignedBy]
        assignedAt = row[Columns.assignedAt]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.userId] = userId
        container[Columns.roleId] = roleId
        container[Columns.isActive] = isActive
        container[Columns.assignedBy] = assignedBy
        container[Columns.assignedAt] = assignedAt
        container[Columns.createdAt] = createdAt
        container[Columns.updatedAt] = updatedAt
    }
}
