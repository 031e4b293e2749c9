#if MySQL
import BridgeKit
import Foundation
import Testing
@testable import Migration

/// Against a real MariaDB server (scripts/mariadb.sh, started by scripts/test.sh, which sets
/// LEGACY_BRIDGE_TEST_MARIADB_SOCKET): the fixture set loaded with the `mariadb` client, read
/// live, and the unified schema written into MariaDB.
@Suite("MariaDB source and target", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LEGACY_BRIDGE_TEST_MARIADB_SOCKET"] != nil))
struct MariaDBMigrationTests {
    static let socket = ProcessInfo.processInfo.environment["LEGACY_BRIDGE_TEST_MARIADB_SOCKET"] ?? ""

    static func location(_ database: String) -> MySQLLocation {
        MySQLLocation(user: "root", password: nil, host: "localhost", database: database, socket: socket)
    }

    /// A new empty database; with `fixtures`, the legacy tables and the hand-written rows.
    static func database(_ prefix: String, fixtures: Bool) async throws -> MySQLLocation {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try await client("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4", database: nil)
        if fixtures {
            try await client(file: MigrationSupport.fixtures + "/schema.sql", database: name)
            try await client(file: MigrationSupport.fixtures + "/legacy.sql", database: name)
        }
        return location(name)
    }

    static func client(_ sql: String? = nil, file: String? = nil, database: String?) async throws {
        try await OffPool.run { try clientBlocking(sql, file: file, database: database) }
    }

    static func clientBlocking(_ sql: String?, file: String?, database: String?) throws {
        let arguments = ["--no-defaults", "--socket=\(socket)", "-uroot", "--default-character-set=utf8mb4"]
            + (sql.map { ["-e", $0] } ?? []) + (database.map { [$0] } ?? [])
        let (termination, message) = try ChildProcess.run("mariadb", arguments, input: file.map { .file($0) } ?? .null,
                                                          output: .stderrOnly)
        guard termination == .exit(0) else { throw TestFailure("mariadb client failed: \(message)") }
    }

    /// Rows of a unified table in MariaDB as JSON objects (same form as MigrationSupport.rows).
    static func rows(_ location: MySQLLocation, _ table: String, columns: [String]) throws -> [JSONValue] {
        let connection = try MySQLConnection(location)
        let sql = table == "user_roles"
            ? "SELECT ur.user_id, r.role_name FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id ORDER BY ur.user_id, r.role_level"
            : "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY 1"
        var result: [JSONValue] = []
        try connection.stream(sql) { names, values in
            var object = JSONObject()
            for (column, value) in zip(columns == ["*"] ? names : columns, values) {
                switch value {
                case .decimal(let text): object[column] = .double(Double(text) ?? .nan)
                case .text(let text) where column == "legacy_extras": object[column] = try JSONValue.parse(text)
                default: object[column] = MigrationSupport.json(value)
                }
            }
            result.append(.object(object))
        }
        return result
    }

    static func assertMatchesExpected(_ read: (String, [String]) throws -> [JSONValue]) throws {
        let expected = try MigrationSupport.readJSON(MigrationSupport.fixtures + "/expected.json")
        for (table, rows) in (expected["tables"]?.objectValue ?? JSONObject()).entries {
            let wanted = rows.arrayValue ?? []
            let got = try read(table, wanted.first?.objectValue?.keys ?? [])
            #expect(got.count == wanted.count, "\(table)")
            for (have, want) in zip(got, wanted) {
                #expect(have.isEquivalent(to: want), "\(table): got \(have.serialized())\nwant \(want.serialized())")
            }
        }
    }

    @Test("a server that is not there is an error naming it, not a crash")
    func unreachable() throws {
        let nowhere = MySQLLocation(user: "root", password: "x", host: "localhost", database: "legacy",
                                    socket: "/nonexistent/mysqld.sock")
        #expect(throws: MariaDBError.self) { try MySQLLegacySource(location: nowhere) }
        #expect(throws: MariaDBError.self) { try MySQLTarget(location: nowhere) }
    }

    @Test("live MariaDB source → SQLite: the expected unified rows")
    func liveSourceToSQLite() async throws {
        let legacy = try await Self.database("legacy", fixtures: true)
        let directory = try MigrationSupport.scratchDirectory()
        let report = try await MigrationSupport.migrateFile(.mysql(legacy), to: directory + "/unified.sqlite")
        #expect(report.balanced)
        #expect(report.tables.map(\.read) == [11, 10, 15, 46])
        try Self.assertMatchesExpected { try MigrationSupport.rows(directory + "/unified.sqlite", $0, columns: $1) }
        // the same target as from the mysqldump of the same data
        try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"), to: directory + "/dump.sqlite")
        #expect(try MigrationSupport.contents(of: directory + "/unified.sqlite")
                    == MigrationSupport.contents(of: directory + "/dump.sqlite"))
    }

    @Test("mysqldump → MariaDB target: the expected unified rows; a second run changes nothing")
    func mariaDBTarget() async throws {
        let unified = try await Self.database("unified", fixtures: false)
        let source = try MySQLDumpSource(path: MigrationSupport.fixtures + "/legacy.dump.sql")
        defer { source.close() }
        let report = try await MigrationSupport.migrate(source, into: try MySQLTarget(location: unified))
        #expect(report.verification.counts["points_records"] == 38)
        #expect(report.verification.balanceDisagreements.map(\.userId) == [3, 4, 7, 8])
        try Self.assertMatchesExpected { try Self.rows(unified, $0, columns: $1) }
        let before = try Self.rows(unified, "points_records", columns: ["record_id", "legacy_extras", "transaction_time"])
        try await MigrationSupport.migrate(source, into: try MySQLTarget(location: unified))
        #expect(try Self.rows(unified, "points_records", columns: ["record_id", "legacy_extras", "transaction_time"]) == before)
    }

    @Test("live MariaDB → MariaDB, interrupted mid-table and resumed, equals one run")
    func resumeOnMariaDB() async throws {
        let legacy = try await Self.database("legacy", fixtures: true)
        let whole = try await Self.database("whole", fixtures: false)
        let resumed = try await Self.database("resumed", fixtures: false)
        let source = try MySQLLegacySource(location: legacy)
        try await MigrationSupport.migrate(source, into: try MySQLTarget(location: whole)) { $0.batchSize = 4 }
        // A source that dies after 30 rows of the ledger, like a killed process.
        let failing = FailingSource(wrapping: try MySQLLegacySource(location: legacy), table: .pointsRecords, after: 30)
        await #expect(throws: FailingSource.Crash.self) {
            try await MigrationSupport.migrate(failing, into: try MySQLTarget(location: resumed)) { $0.batchSize = 4 }
        }
        let report = try await MigrationSupport.migrate(try MySQLLegacySource(location: legacy),
                                                  into: try MySQLTarget(location: resumed)) {
            $0.batchSize = 4
            $0.resume = true
        }
        #expect(report.tables.first { $0.table == .pointsRecords }?.read == 46)
        for table in TargetTable.written where table != "user_roles" {
            let columns = ["*"]
            #expect(try Self.rows(whole, table, columns: columns) == Self.rows(resumed, table, columns: columns), "\(table)")
        }
    }
}

/// Throws after `after` rows of `table`, simulating a crash mid-stream.
final class FailingSource: LegacySource {
    struct Crash: Error {}
    let inner: any LegacySource
    let table: LegacyTable
    let after: Int
    init(wrapping inner: any LegacySource, table: LegacyTable, after: Int) {
        self.inner = inner
        self.table = table
        self.after = after
    }
    var description: String { inner.description }
    var scanFraction: Double? { inner.scanFraction }
    func estimatedRows(_ table: LegacyTable) throws -> Int? { try inner.estimatedRows(table) }
    func close() { inner.close() }
    func scan(_ table: LegacyTable, skip: Int, after lastId: Int64?, _ body: (LegacyRow) throws -> Void) throws {
        var count = 0
        try inner.scan(table, skip: skip, after: lastId) { row in
            if table == self.table, count == after { throw Crash() }
            count += 1
            try body(row)
        }
    }
}
#endif
