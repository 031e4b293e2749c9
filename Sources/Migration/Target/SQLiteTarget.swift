import GRDB
import GRDBSQLite
import V4Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
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

    public func roleIds() throws -> [String: Int64] {
        try queue.read { db in
            var ids: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT role_name, role_id FROM roles") { ids[row[0]] = row[1] }
            return ids
        }
    }

    public func userIds() throws -> Set<Int64> {
        try queue.read { db in try Set(Int64.fetchAll(db, sql: "SELECT user_id FROM users")) }
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

    public func clearProgress() throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM migration_checkpoints") }
    }

    public func commit(_ rows: [TargetRow], progress: TableProgress, source: String) throws {
        let state = try Self.encode(progress)
        try queue.inTransaction { db in
            for row in rows { try self.upsert(row, in: db) }
            try db.execute(
                sql: """
                    INSERT INTO migration_checkpoints (table_name, source, progress) VALUES (?, ?, ?)
                    ON CONFLICT (table_name) DO UPDATE SET source = excluded.source, progress = excluded.progress
                    """,
                arguments: [progress.table.name, source, state])
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
            var result = TargetVerification()
            for table in TargetTable.written {
                result.counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            for (table, column) in MigrationSQL.statusColumns {
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT \(column), COUNT(*) FROM \(table) GROUP BY \(column)") {
                    counts[row[0]] = row[1]
                }
                result.statuses["\(table).\(column)"] = counts
            }
            for (name, sql) in MigrationSQL.sums { result.sums[name] = try Int64.fetchOne(db, sql: sql) ?? 0 }
            let cursor = try Row.fetchCursor(db, sql: MigrationSQL.balances)
            while let row = try cursor.next() {
                result.usersChecked += 1
                let ledger: Int64? = row[1]
                let account: Int64 = row[2]
                let total: Int64 = row[3]
                if (ledger ?? 0) != account || account != total {
                    result.balanceDisagreements.append(.init(userId: row[0], ledgerBalance: ledger, account: account,
                                                             totalPoints: total))
                }
            }
            return result
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

    private func upsert(_ row: TargetRow, in db: Database) throws {
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
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "\(row.table.name): \(message)")
        }
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
