/// How one unified table is merged into a V4 database: its id column (V4 assigns new ids, the
/// legacy one goes to `legacy_id_map`) and the columns that refer to users, rewritten through
/// the id map.
struct MergeTable: Sendable {
    let target: TargetTable
    let idColumn: String
    /// Columns holding a legacy user id that must be migrated (the row is rejected otherwise).
    let userReferences: [String]
    /// Columns holding a legacy user id that may be gone (a reviewer who was deleted): not
    /// mapped → NULL, the legacy value kept in the extras.
    let optionalUserReferences: [String]

    static let all: [MergeTable] = [
        MergeTable(target: .users, idColumn: "user_id", userReferences: [], optionalUserReferences: []),
        MergeTable(target: .products, idColumn: "product_id", userReferences: [], optionalUserReferences: []),
        MergeTable(target: .imageResources, idColumn: "resource_id", userReferences: ["user_id"],
                   optionalUserReferences: ["reviewed_by"]),
        MergeTable(target: .pointsRecords, idColumn: "record_id", userReferences: ["user_id"], optionalUserReferences: []),
    ]

    static func of(_ table: TargetTable) -> MergeTable? { all.first { $0.target == table } }
}

/// The side tables the merge owns in the V4 database, and the names it files rows under.
enum MergeSQL {
    /// `legacy_id_map` entries besides the four migrated tables.
    static let accounts = "user_points_accounts"
    static let carryOver = "points_carry_over"

    static let sideTables = [
        """
        CREATE TABLE IF NOT EXISTS legacy_id_map (
          table_name VARCHAR(64) NOT NULL,
          legacy_id BIGINT NOT NULL,
          v4_id BIGINT NOT NULL,
          disposition VARCHAR(16) NOT NULL,
          detail TEXT,
          PRIMARY KEY (table_name, legacy_id),
          KEY legacy_id_map_v4 (table_name, v4_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS legacy_extras (
          table_name VARCHAR(64) NOT NULL,
          legacy_id BIGINT NOT NULL,
          extras LONGTEXT NOT NULL,
          PRIMARY KEY (table_name, legacy_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS legacy_migration_state (
          name VARCHAR(64) NOT NULL PRIMARY KEY,
          source VARCHAR(500) NOT NULL,
          value LONGTEXT NOT NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
    ]
    static let sideTableNames = ["legacy_id_map", "legacy_extras", "legacy_migration_state"]
}
