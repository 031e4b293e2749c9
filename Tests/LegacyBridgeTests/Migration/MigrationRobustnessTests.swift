import BridgeKit
import Foundation
import GRDB
import Testing
@testable import Migration

/// Inputs and targets a cut-over meets that the fixture set does not: cut-off dumps, routines,
/// repeated ids, rows V4 already created, partial re-runs, a replaced dump.
@Suite("migration robustness")
struct MigrationRobustnessTests {
    static let user = "(1,'13800000001','a',0,0,'active',NULL,NULL,'2025-01-01 00:00:00','2025-01-01 00:00:00')"
    static let user2 = "(2,'13800000002','b',0,0,'active',NULL,NULL,'2025-01-01 00:00:00','2025-01-01 00:00:00')"

    static func dump(_ body: String, in directory: String, name: String = "legacy.sql") throws -> String {
        let path = directory + "/" + name
        try (LegacySchema.createStatements + body).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func users(_ path: String) throws -> [Int64] {
        let source = try MySQLDumpSource(path: path)
        defer { source.close() }
        var ids: [Int64] = []
        try source.scan(.users, skip: 0) { ids.append($0.legacyId ?? 0) }
        return ids
    }

    @Test("a dump cut off mid-statement fails instead of passing for complete")
    func truncated() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let path = try Self.dump("INSERT INTO `users` VALUES \(Self.user),\(Self.user2)", in: directory)
        #expect(throws: LegacySourceError.self) { try Self.users(path) }
        let complete = try Self.dump("INSERT INTO `users` VALUES \(Self.user);\n-- Dump completed\n", in: directory)
        #expect(try Self.users(complete) == [1])
        let empty = directory + "/empty.sql"
        try "-- nothing\n".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(throws: LegacySourceError.self) { try MySQLDumpSource(path: empty) }
    }

    @Test("routines between DELIMITER ;; lines are skipped, even with INSERTs in their bodies")
    func routines() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let path = try Self.dump("""
            INSERT INTO `users` VALUES \(Self.user);
            --
            -- Dumping routines
            --
            DELIMITER ;;
            CREATE PROCEDURE `award`(uid INT)
            BEGIN
              INSERT INTO users VALUES (uid, 'x', 'y', 0, 0, 'active', NULL, NULL, NOW(), NOW());
              UPDATE users SET total_points = 1;
            END ;;
            DELIMITER ;
            INSERT INTO `users` VALUES \(Self.user2);

            """, in: directory)
        #expect(try Self.users(path) == [1, 2])
    }

    @Test("ANSI-quoted names, odd hex literals, and text after the rows")
    func syntaxVariants() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let ansi = try Self.dump("INSERT INTO \"users\" (\"user_id\",\"mobile\",\"nickname\",\"total_points\",\"is_merchant\",\"status\",\"avatar\",\"last_login\",\"created_at\",\"updated_at\") VALUES \(Self.user);\n", in: directory)
        #expect(try Self.users(ansi) == [1])
        let hex = try Self.dump("INSERT INTO `users` VALUES (1,'13800000001',0xABC,0,0,'active',NULL,NULL,'2025-01-01 00:00:00','2025-01-01 00:00:00');\n", in: directory, name: "hex.sql")
        let source = try MySQLDumpSource(path: hex)
        var nickname: LegacyValue = .null
        try source.scan(.users, skip: 0) { nickname = $0[UserColumn.nickname] }
        source.close()
        #expect(nickname == .bytes([0x0A, 0xBC]))
        let garbage = try Self.dump("INSERT INTO `users` VALUES \(Self.user) ON DUPLICATE KEY UPDATE nickname = 'z';\n", in: directory, name: "odku.sql")
        #expect(throws: LegacySourceError.self) { try Self.users(garbage) }
    }

    @Test("a repeated legacy id is rejected, not merged into the first row")
    func repeatedIds() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let path = try Self.dump("INSERT IGNORE INTO `users` VALUES \(Self.user),\(Self.user2),\(Self.user);\n", in: directory)
        let report = try await MigrationSupport.migrateFile(.dump(path), to: directory + "/t.sqlite")
        let users = try #require(report.tables.first { $0.table == .users })
        #expect(users.read == 3 && users.written == 2 && users.rejected == 1)
        #expect(users.rejectsByReason["user_id: duplicate or out-of-order id"] == 1)
    }

    @Test("rows V4 created under a legacy id are neither overwritten nor adopted by legacy rows")
    func v4RowsSurvive() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        // V4 user 10 (the fixture's deleted legacy user) and a V4 ledger row under legacy id 1.
        try MigrationSupport.unifiedTarget(at: target, holding: """
                INSERT INTO users (user_id, mobile, nickname, status, created_at) VALUES (10, '13999999999', 'V4 user', 'active', '2025-09-01 00:00:00.000');
                INSERT INTO points_records (record_id, user_id, transaction_type, points_amount, balance_after, business_type,
                  source_type, title, transaction_time) VALUES (1, 10, 'earn', 5, 5, 'register_bonus', 'register', 'V4', '2025-09-01 00:00:00.000');
            """)
        let report = try await MigrationSupport.migrateFile(.dump(MigrationSupport.fixtures + "/legacy.dump.sql"), to: target)
        let ledger = try #require(report.tables.first { $0.table == .pointsRecords })
        #expect(ledger.rejected == 8 + 1, "legacy record 1 collides with the V4 record")
        #expect(ledger.rejectsByReason["user_id: unknown user"] == 4, "deleted legacy user 10's rows are not given to V4 user 10")
        let v4 = try MigrationSupport.rows(target, "points_records", columns: ["record_id", "user_id", "title"]).first
        #expect(v4 == ["record_id": 1, "user_id": 10, "title": "V4"])
        let user = try MigrationSupport.rows(target, "users", columns: ["user_id", "nickname"]).first { $0["user_id"] == 10 }
        #expect(user?["nickname"] == "V4 user")
    }

    @Test("--only re-runs one table and keeps the others' checkpoints")
    func onlyKeepsOtherCheckpoints() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        let dump = MigrationEndpoint.dump(MigrationSupport.fixtures + "/legacy.dump.sql")
        try await MigrationSupport.migrateFile(dump, to: target)
        try await MigrationSupport.migrateFile(dump, to: target) { $0.tables = [.users] }
        let resumed = try await MigrationSupport.migrateFile(dump, to: target) { $0.resume = true }
        #expect(resumed.tables.allSatisfy { $0.completed })
        #expect(resumed.tables.first { $0.table == .pointsRecords }?.written == 38)
    }

    @Test("--resume refuses a dump that was replaced under the same name")
    func replacedDump() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        let target = directory + "/unified.sqlite"
        let path = try Self.dump("INSERT INTO `users` VALUES \(Self.user);\n", in: directory)
        try await MigrationSupport.migrateFile(.dump(path), to: target)
        _ = try Self.dump("INSERT INTO `users` VALUES \(Self.user),\(Self.user2);\n", in: directory)
        await #expect(throws: MigrationTargetError.self) {
            try await MigrationSupport.migrateFile(.dump(path), to: target) { $0.resume = true }
        }
        // the same file under another spelling of its path is the same source
        try await MigrationSupport.migrateFile(.dump(path), to: target)
        try await MigrationSupport.migrateFile(.dump(directory + "/./legacy.sql"), to: target) { $0.resume = true }
    }
}
