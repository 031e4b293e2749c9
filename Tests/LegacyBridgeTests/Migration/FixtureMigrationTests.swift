import BridgeKit
import Foundation
import GRDB
import Testing
@testable import Migration

/// The hand-written legacy set (LegacyFixtures/migration) migrated and compared, row by row,
/// with the unified rows written down by hand from Docs/migration.md.
@Suite("migration of the fixture set")
struct FixtureMigrationTests {
    let expected: JSONValue

    init() throws { expected = try MigrationSupport.readJSON(MigrationSupport.fixtures + "/expected.json") }

    func assertMatchesExpected(_ target: String, _ report: MigrationReport, rejectFile: String?) throws {
        let tables = expected["tables"]?.objectValue ?? JSONObject()
        for (table, rows) in tables.entries {
            let wanted = rows.arrayValue ?? []
            let columns = wanted.first?.objectValue?.keys ?? []
            let got = try MigrationSupport.rows(target, table, columns: columns)
            #expect(got.count == wanted.count, "\(table) row count")
            for (have, want) in zip(got, wanted) {
                #expect(have.isEquivalent(to: want), "\(table): got \(have.serialized())\nwant \(want.serialized())")
            }
        }
        // read = written + rejected, per table, as written down
        for progress in report.tables {
            let counts = expected["counts"]?[progress.table.name]
            #expect(counts?["read"]?.intValue == Int64(progress.read))
            #expect(counts?["written"]?.intValue == Int64(progress.written))
            #expect(counts?["rejected"]?.intValue == Int64(progress.rejected))
            #expect(progress.balanced)
        }
        // every disagreement listed, and only those
        let disagreements = report.verification.balanceDisagreements.map { item -> JSONValue in
            ["user_id": .int(item.userId), "ledger_balance": item.ledgerBalance.map { .int($0) } ?? .null,
             "account": .int(item.account), "total_points": .int(item.totalPoints)]
        }
        #expect(JSONValue.array(disagreements).isEquivalent(to: expected["balance_disagreements"] ?? .null))
        if let rejectFile {
            let lines = try String(contentsOfFile: rejectFile, encoding: .utf8).split(separator: "\n")
            let rejects = try lines.map { try JSONValue.parse(String($0)) }
            let keys = rejects.map { "\($0["table"]?.stringValue ?? "")#\($0["legacy_id"]?.intValue ?? 0)#\($0["column"]?.stringValue ?? "")" }
            let wantedKeys = (expected["rejects"]?.arrayValue ?? []).map {
                "\($0["table"]?.stringValue ?? "")#\($0["legacy_id"]?.intValue ?? 0)#\($0["column"]?.stringValue ?? "")"
            }
            #expect(keys.sorted() == wantedKeys.sorted())
            // each line carries the raw legacy row and a reason
            for reject in rejects {
                #expect(reject["row"]?.objectValue != nil)
                let reason = reject["reason"]?.stringValue ?? ""
                #expect(!reason.isEmpty)
            }
        }
    }

    @Test("mysqldump → SQLite gives exactly the expected unified rows, rejects and disagreements")
    func fromDump() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        let report = try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"), to: target,
                                                      rejectFile: directory + "/rejects.jsonl")
        try assertMatchesExpected(target, report, rejectFile: directory + "/rejects.jsonl")
        #expect(report.verification.counts["users"] == 9)
        #expect(report.tables.first { $0.table == .uploadReviews }?.legacyStatuses[""] != nil)
    }

    @Test("the hand-written INSERT file (not mysqldump's output) gives the same rows")
    func fromHandWrittenSQL() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let combined = directory + "/legacy-with-schema.sql"
        let schema = try String(contentsOfFile: MigrationSupport.fixtures + "/schema.sql", encoding: .utf8)
        let inserts = try String(contentsOfFile: MigrationSupport.fixtures + "/legacy.sql", encoding: .utf8)
        try (schema + "\n" + inserts).write(toFile: combined, atomically: true, encoding: .utf8)
        let target = directory + "/unified.sqlite"
        let report = try await MigrationSupport.migrateFile(.dump(combined), to: target, rejectFile: directory + "/rejects.jsonl")
        try assertMatchesExpected(target, report, rejectFile: directory + "/rejects.jsonl")
    }

    @Test("a SQLite copy of the legacy tables migrates to the same target as the dump")
    func fromSQLiteCopy() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let copy = directory + "/legacy.sqlite"
        try Self.sqliteCopy(of: MigrationSupport.fixtures + "/legacy.dump.sql", at: copy)
        let viaCopy = directory + "/from-copy.sqlite"
        let report = try await MigrationSupport.migrateFile(.sqlite(copy), to: viaCopy, rejectFile: directory + "/rejects.jsonl")
        try assertMatchesExpected(viaCopy, report, rejectFile: directory + "/rejects.jsonl")
        let viaDump = directory + "/from-dump.sqlite"
        try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"), to: viaDump)
        #expect(try MigrationSupport.contents(of: viaCopy) == MigrationSupport.contents(of: viaDump))
    }

    @Test("running twice gives the same target (idempotent), with or without --resume")
    func idempotent() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        let dump = MigrationEndpoint.dump(MigrationSupport.fixtures + "/legacy.dump.sql")
        try await MigrationSupport.migrateFile(dump, to: target)
        let once = try MigrationSupport.contents(of: target)
        let again = try await MigrationSupport.migrateFile(dump, to: target)
        #expect(try MigrationSupport.contents(of: target) == once)
        #expect(again.verification.counts["points_records"] == 38)
        let resumed = try await MigrationSupport.migrateFile(dump, to: target) { $0.resume = true }
        #expect(resumed.tables.allSatisfy { $0.completed })
        #expect(try MigrationSupport.contents(of: target) == once)
    }

    @Test("--only points_records checks users against the target and rejects unknown ones")
    func onlyOneTable() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        let dump = MigrationEndpoint.dump(MigrationSupport.fixtures + "/legacy.dump.sql")
        let empty = try await MigrationSupport.migrateFile(dump, to: target) { $0.tables = [.pointsRecords] }
        #expect(empty.tables.map(\.table) == [.pointsRecords])
        #expect(empty.tables[0].written == 0 && empty.tables[0].rejected == 46)
        try await MigrationSupport.migrateFile(dump, to: target) { $0.tables = [.users] }
        let ledger = try await MigrationSupport.migrateFile(dump, to: target) { $0.tables = [.pointsRecords] }
        #expect(ledger.tables[0].written == 38)
    }

    @Test("a legacy user whose mobile a V4 user already holds is rejected with the reason, not written over")
    func conflictWithExistingRows() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        try MigrationSupport.unifiedTarget(at: target, holding: """
                INSERT INTO users (user_id, mobile, nickname, status, created_at) VALUES (500, '13800000001', 'V4 user', 'active', '2025-09-01 00:00:00.000')
            """)
        let report = try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"), to: target,
                                                      rejectFile: directory + "/rejects.jsonl")
        let users = try #require(report.tables.first { $0.table == .users })
        #expect(users.written == 8 && users.rejected == 3 && users.balanced)
        #expect(users.rejectsByReason.keys.contains { $0.hasPrefix("mobile: conflicts with a row already in the target") })
        let ledger = try #require(report.tables.first { $0.table == .pointsRecords })
        #expect(ledger.written == 38 - 13 && ledger.balanced, "user 1's records are rejected as unknown user")
        let kept = try MigrationSupport.rows(target, "users", columns: ["user_id", "nickname"])
        #expect(kept.contains(["user_id": 500, "nickname": "V4 user"]))
        let lines = try String(contentsOfFile: directory + "/rejects.jsonl", encoding: .utf8)
        #expect(lines.contains(#""legacy_id":1,"column":"mobile""#))
    }

    @Test("a checkpoint written for another source refuses --resume")
    func resumeFromOtherSource() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"), to: target)
        let other = directory + "/legacy.sqlite"
        try Self.sqliteCopy(of: MigrationSupport.fixtures + "/legacy.dump.sql", at: other)
        await #expect(throws: MigrationTargetError.self) {
            try await MigrationSupport.migrateFile(.sqlite(other), to: target) { $0.resume = true }
        }
    }

    @Test("migrate --dry-run converts everything, reports, and leaves no target behind")
    func dryRun() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let result = try await MigrationSupport.run(
            ["migrate", "--from", "dump:" + MigrationSupport.fixtures + "/legacy.dump.sql", "--to", "sqlite:target.sqlite",
             "--dry-run", "--report", "report.json", "--mappings", MigrationSupport.mappings], in: directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/target.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/migration-rejects.jsonl"))
        let report = try MigrationSupport.readJSON(directory + "/report.json")
        #expect(report["dry_run"] == .bool(true))
        #expect(report["verification"]?["counts"]?["points_records"]?.intValue == 38)
        #expect(report["verification"]?["balance_disagreements"]?.arrayValue?.count == 4)
        let summary = result.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(summary.contains { Array($0.prefix(5)) == ["points_records", "46", "38", "8", "yes"] })
    }

    /// Loads a dump's legacy tables into a SQLite file, values as the dump spells them.
    static func sqliteCopy(of dump: String, at path: String) throws {
        let source = try MySQLDumpSource(path: dump)
        defer { source.close() }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            for table in LegacyTable.allCases {
                try db.execute(sql: "CREATE TABLE \(table.name) (\(table.columns.map { "\($0) \($0 == table.primaryKey ? "INTEGER PRIMARY KEY" : "")" }.joined(separator: ", ")))")
                let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                try source.scan(table, skip: 0) { row in
                    let values: [DatabaseValue] = row.values.map { value in
                        switch value {
                        case .null: .null
                        case .integer(let number): number.databaseValue
                        case .decimal(let text), .text(let text): text.databaseValue
                        case .bytes(let bytes): Data(bytes).databaseValue
                        }
                    }
                    try db.execute(sql: "INSERT INTO \(table.name) VALUES (\(marks))", arguments: StatementArguments(values))
                }
            }
        }
    }
}
