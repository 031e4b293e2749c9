import BridgeKit
#if MySQL

/// The unified tables in a MySQL/MariaDB database. A batch becomes one multi-row upsert per
/// table plus the checkpoint row, in one transaction.
public final class MySQLTarget: MigrationTarget {
    private let connection: MySQLConnection
    private let location: MySQLLocation

    public var description: String { location.description }

    public init(location: MySQLLocation) throws {
        self.location = location
        connection = try MySQLConnection(location)
        try connection.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE'")
        try connection.execute("SET SESSION time_zone = '+00:00'")
    }

    /// An empty database or the unified schema of an earlier run: nothing collides, the run
    /// creates what is missing. A V4 database is the merge target's (`MySQLMergeTarget`).
    public func preflight(_ source: any LegacySource) throws -> MergePreflight? {
        let schema = try TargetSchema.read(connection)
        let kind = MySQLTargetKind(schema)
        var report = MergePreflight(target: location.description, kind: kind.rawValue)
        if kind == .v4 {
            report.blocking.append("this database holds V4's own tables: migrate into it with the merge (the CLI picks it by itself)")
        }
        let present = TargetTable.written.filter { schema[$0] != nil }
        if kind == .empty, !present.isEmpty {
            report.blocking.append("the database has \(present.joined(separator: ", ")) but no users table: not V4's schema and not ours")
        }
        return report
    }

    public func prepare() throws {
        for statement in UnifiedSchemaMySQL.statements { try connection.execute(statement) }
    }

    public func roleIds() throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        try connection.stream("SELECT role_name, role_id FROM roles") { _, row in
            if let name = row[0].text, let id = row[1].integer { ids[name] = id }
        }
        return ids
    }

    public func userIds() throws -> Set<Int64> {
        var ids = Set<Int64>()
        try connection.stream(MigrationSQL.migratedUserIds) { _, row in if let id = row[0].integer { ids.insert(id) } }
        return ids
    }

    public func loadProgress(source: String) throws -> [LegacyTable: TableProgress] {
        return try connection.checkpoints("SELECT table_name, source, progress FROM migration_checkpoints", source: source)
    }

    public func clearProgress(_ tables: [LegacyTable]) throws {
        for table in tables {
            try connection.execute("DELETE FROM migration_checkpoints WHERE table_name = \(connection.quoted(table.name))")
        }
    }

    /// Conflicts are not reported one by one here: a multi-row upsert fails as a whole, and
    /// `ON DUPLICATE KEY` cannot say which key matched. Rows V4 wrote are still never updated
    /// (the upsert tests `legacy_extras`), but a MySQL target should be empty or hold only
    /// migrated rows (Docs/migration.md).
    public func commit(_ groups: [[TargetRow]], source: String, progress: (CommitOutcome) throws -> TableProgress) throws {
        let rows = groups.flatMap { $0 }
        try connection.execute("START TRANSACTION")
        do {
            let state = try progress(CommitOutcome())
            // One multi-row statement per table, tables in the order they first appear (users
            // before the roles that reference them).
            var order: [TargetTable] = []
            var groups: [TargetTable: [TargetRow]] = [:]
            for row in rows {
                if groups[row.table] == nil { order.append(row.table) }
                groups[row.table, default: []].append(row)
            }
            for table in order {
                let group = groups[table]!
                for start in stride(from: 0, to: group.count, by: 1000) {
                    try connection.execute(upsert(table, Array(group[start..<min(start + 1000, group.count)])))
                }
            }
            try connection.execute(
                "INSERT INTO migration_checkpoints (table_name, source, progress) VALUES (\(connection.quoted(state.table.name)), "
                    + "\(connection.quoted(source)), \(connection.quoted(try SQLiteTarget.encode(state)))) "
                    + SQLDialect.mysql.onConflict(key: ["table_name"], update: ["source", "progress"]))
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func upsert(_ table: TargetTable, _ rows: [TargetRow]) -> String {
        let dialect = SQLDialect.mysql
        var sql = "INSERT INTO \(dialect.quote(table.name)) (\(table.columns.map(dialect.quote).joined(separator: ", "))) VALUES "
        for (index, row) in rows.enumerated() {
            if index > 0 { sql += ", " }
            sql += "(" + row.values.map(connection.literal).joined(separator: ", ") + ")"
        }
        return sql + " " + dialect.onConflict(
            key: table.key, update: table.columns.filter { !table.key.contains($0) },
            onlyMigrated: table.columns.contains(TargetTable.provenance) ? table.name : nil)
    }

    public func deriveAccounts() throws {
        try connection.execute("START TRANSACTION")
        do {
            for sql in MigrationSQL.deriveAccounts(.mysql) { try connection.execute(sql) }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func verify() throws -> TargetVerification {
        try TargetVerification.collect { sql, body in try connection.stream(sql) { _, row in try body(row) } }
    }

    public func close() throws {}
}
#endif
