#if MySQL
extension TargetSchema {
    /// The tables of the connection's current database, from `information_schema`: read-only.
    static func read(_ connection: MySQLConnection) throws -> TargetSchema {
        var tables: [String: Table] = [:]
        try connection.stream("""
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
                   CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
            """) { _, row in
            guard let table = row[0].text, let name = row[1].text else { return }
            let extra = (row[6].text ?? "").lowercased()
            // MariaDB reports a column without default as NULL, and a nullable column's implicit
            // default as the text 'NULL'.
            let column = Column(
                name: name, dataType: row[2].text ?? "", columnType: row[3].text ?? "",
                nullable: row[4].text == "YES", hasDefault: !row[5].isNull, autoIncrement: extra.contains("auto_increment"),
                maxCharacters: row[7].integer, maxBytes: row[8].integer)
            tables[table, default: Table(name: table, columns: [])].columns.append(column)
        }
        var keys: [String: [String: [String]]] = [:]
        try connection.stream("""
            SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0 ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """) { _, row in
            guard let table = row[0].text, let index = row[1].text, let column = row[2].text else { return }
            keys[table, default: [:]][index, default: []].append(column)
        }
        for (table, indexes) in keys { tables[table]?.uniqueKeys = indexes.keys.sorted().map { indexes[$0]! } }
        return TargetSchema(tables: tables)
    }
}

/// What a MySQL/MariaDB target database holds before a run.
public enum MySQLTargetKind: String, Sendable {
    /// No `users` table: the unified schema is created.
    case empty
    /// The unified schema an earlier run created (`users.legacy_extras` exists).
    case unified
    /// A V4 deployment's own tables: rows are merged in, V4's tables are never altered.
    case v4

    init(_ schema: TargetSchema) {
        guard let users = schema["users"] else {
            self = .empty
            return
        }
        self = users[TargetTable.provenance] == nil ? .v4 : .unified
    }
}
#endif
