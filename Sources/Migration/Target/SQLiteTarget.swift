import BridgeKit
import GRDB
import GRDBSQLite
import V4Core

/// The unified schema in a SQLite file — the database the embedded core serves.
///
/// Rows are bound through prepared statements with the SQLite C API: for a million ledger rows
/// the per-row cost of building GRDB `StatementArguments` is most of the run.
public final class SQLiteTarget: MigrationTarget {
    public let path: String
    private let queue: DatabaseQueue
    private var statements: [String: OpaquePointer] = [:]

    public var description: String { "sqlite:\(path)" }

    public init(path: String) throws {
        self.path = path
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let directory = String(path[..<slash])
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var configuration = Configuration()
        // Converters check every reference against the users already in the target (a row
        // with an unknown user is rejected, not written), so SQLite's per-row foreign-key
        // lookups would only repeat that check.
        configuration.foreignKeysEnabled = false
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The unique indexes, the index rebuild and the aggregates after the load want more
            // than SQLite's default 2 MB cache; 32 MB keeps peak RSS well under 200 MB.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    public func prepare() throws {
        try UnifiedSchema.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS migration_checkpoints (
                  table_name TEXT PRIMARY KEY,
                  source     TEXT NOT NULL,
                  progress   TEXT NOT NULL
                )
                """)
        }
    }

    /// The non-unique indexes of the tables the migrator fills, as the core's schema defines
    /// them (read from a scratch database migrated in memory, so they cannot drift).
    static let bulkIndexes: [String] = {
        guard let scratch = try? DatabaseQueue(), (try? UnifiedSchema.migrator.migrate(scratch)) != nil else { return [] }
        let tables = ["users", "user_roles", "products", "image_resources", "points_records"]
        let sql = try? scratch.read { db in
            try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                AND tbl_name IN (\(tables.map { "'\($0)'" }.joined(separator: ", "))) ORDER BY name
                """)
        }
        return sql ?? []
    }()

    /// Rows arrive in legacy id order but the secondary indexes are keyed by user and time, so
    /// every batch would rewrite index pages all over the file. They are dropped for the load
    /// and rebuilt (one sort each) at the end; a resumed run rebuilds them too.
    public func beginBulkLoad() throws {
        try queue.write { db in
            for sql in Self.bulkIndexes {
                guard let name = sql.split(separator: " ").dropFirst(2).first else { continue }
                try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
            }
        }
    }

    public func endBulkLoad() throws {
        try queue.write { db in
            for sql in Self.bulkIndexes {
                try db.execute(sql: sql.replacing("CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS "))
            }
        }
    }

    public func roleIds() throws -> [String: Int64] {
        try queue.read { db in
            var ids: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT role_name, role_id FROM roles") { ids[row[0]] = row[1] }
            return ids
        }
    }

    public func userIds() throws -> Set<Int64> {
        try queue.read { db in try Set(Int64.fetchAll(db, sql: MigrationSQL.migratedUserIds)) }
    }

    public func loadProgress(source: String) throws -> [LegacyTable: TableProgress] {
        try queue.read { db in
            var progress: [LegacyTable: TableProgress] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT table_name, source, progress FROM migration_checkpoints") {
                let recorded: String = row[1]
                guard recorded == source else { throw MigrationTargetError.otherSource(recorded: recorded, requested: source) }
                let state = try JSONDecoder().decode(TableProgress.self, from: Data((row[2] as String).utf8))
                progress[state.table] = state
            }
            return progress
        }
    }

    public func clearProgress(_ tables: [LegacyTable]) throws {
        try queue.write { db in
            for table in tables {
                try db.execute(sql: "DELETE FROM migration_checkpoints WHERE table_name = ?", arguments: [table.name])
            }
        }
    }

    public func commit(_ groups: [[TargetRow]], source: String, progress: (CommitOutcome) throws -> TableProgress) throws {
        try queue.inTransaction { db in
            var conflicts: [Int: Rejection] = [:]
            for (index, group) in groups.enumerated() {
                for (position, row) in group.enumerated() {
                    do {
                        if try !self.upsert(row, in: db) {
                            conflicts[index] = Rejection(row.table.key.joined(separator: ","), "id held by a row not written by the migrator")
                            break
                        }
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && position == 0 {
                        // Only this statement was undone; the group's other rows depend on it.
                        let message = error.message ?? "constraint failed"
                        let column = message.split(separator: ".").last.map(String.init) ?? "row"
                        conflicts[index] = Rejection(column, "conflicts with a row already in the target (\(message))")
                        break
                    }
                }
            }
            let state = try progress(CommitOutcome(rejections: conflicts))
            try db.execute(
                sql: """
                    INSERT INTO migration_checkpoints (table_name, source, progress) VALUES (?, ?, ?)
                    ON CONFLICT (table_name) DO UPDATE SET source = excluded.source, progress = excluded.progress
                    """,
                arguments: [state.table.name, source, try Self.encode(state)])
            return .commit
        }
    }

    public func deriveAccounts() throws {
        try queue.inTransaction { db in
            for sql in MigrationSQL.deriveAccounts(.sqlite) { try db.execute(sql: sql) }
            return .commit
        }
    }

    public func verify() throws -> TargetVerification {
        try queue.read { db in
            try TargetVerification.collect { sql, body in
                let cursor = try Row.fetchCursor(db, sql: sql)
                while let row = try cursor.next() {
                    try body((0..<row.count).map { SQLiteLegacySource.value(row[$0] as DatabaseValue) })
                }
            }
        }
    }

    public func close() throws {
        try queue.write { _ in
            for statement in self.statements.values { sqlite3_finalize(statement) }
            self.statements = [:]
        }
        try queue.close()
    }

    static func encode(_ progress: TableProgress) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(progress), as: UTF8.self)
    }

    // MARK: - Binding

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// False when the row's id belongs to a row the migrator did not write (nothing changed).
    private func upsert(_ row: TargetRow, in db: Database) throws -> Bool {
        let statement = try prepared(row.table, in: db)
        sqlite3_reset(statement)
        for (offset, value) in row.values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .int(let number): sqlite3_bind_int64(statement, index, number)
            case .real(let number): sqlite3_bind_double(statement, index, number)
            case .text(var text):
                text.withUTF8 { buffer in
                    let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                    _ = sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                                          Self.transient)
                }
            }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    private func prepared(_ table: TargetTable, in db: Database) throws -> OpaquePointer {
        if let statement = statements[table.name] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(db.sqliteConnection, SQLDialect.sqlite.upsert(table), -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        statements[table.name] = statement
        return statement
    }
}
