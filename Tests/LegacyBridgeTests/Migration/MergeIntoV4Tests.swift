#if MySQL
import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import LegacyAPI
import Testing
@testable import Migration

/// The migration into the database of a V4 deployment that already runs: a MariaDB database
/// built from 003's documented tables (LegacyFixtures/v4/schema-003.sql) holding V4's own
/// users, roles, accounts and ledger (seed-003.sql).
@Suite("merge into a running V4 database", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LEGACY_BRIDGE_TEST_MARIADB_SOCKET"] != nil))
struct MergeIntoV4Tests {
    static let v4Fixtures = MigrationSupport.root + "/LegacyFixtures/v4"

    /// A database with 003's tables and V4's own rows.
    static func v4Database(_ prefix: String, extra: String? = nil) async throws -> MySQLLocation {
        let location = try await MariaDBMigrationTests.database(prefix, fixtures: false)
        try await MariaDBMigrationTests.client(file: v4Fixtures + "/schema-003.sql", database: location.database)
        try await MariaDBMigrationTests.client(file: v4Fixtures + "/seed-003.sql", database: location.database)
        if let extra { try await MariaDBMigrationTests.client(extra, database: location.database) }
        return location
    }

    /// The hand-written legacy rows plus a ledger row whose description is longer than 003's
    /// `points_records.title` (VARCHAR(200)) — the one that once aborted a whole run.
    static let longText = String(repeating: "很长的描述", count: 50)
    static func legacyDatabase() async throws -> MySQLLocation {
        let legacy = try await MariaDBMigrationTests.database("legacy", fixtures: true)
        try await MariaDBMigrationTests.client("""
            INSERT INTO points_records (id, user_id, type, points, source, description, balance_before, balance_after, related_id, created_at)
            VALUES (1000, 1, 'earn', 10, 'activity', '\(longText)', 380, 390, NULL, '2025-07-20 10:00:00')
            """, database: legacy.database)
        return legacy
    }

    static func query(_ location: MySQLLocation, _ sql: String) throws -> [[String]] {
        let connection = try MySQLConnection(location)
        var rows: [[String]] = []
        try connection.stream(sql) { _, values in rows.append(values.map { $0.text ?? "NULL" }) }
        return rows
    }

    static func merge(_ source: any LegacySource, into location: MySQLLocation,
                      configure: (inout MigrationOptions) -> Void = { _ in }) async throws -> MigrationReport {
        var options = MigrationOptions()
        configure(&options)
        let target = try MySQLMergeTarget(location: location, options: options)
        return try await MigrationSupport.migrate(source, into: target, configure: configure)
    }

    static func counts(_ report: MigrationReport) -> [String] {
        report.tables.map { "\($0.table.name) \($0.read)=\($0.written - $0.merged)+\($0.merged)+\($0.rejected)" }
    }

    /// V4's own rows, as they must stay.
    static let ownRows = [
        "SELECT * FROM users WHERE user_id <= 3 ORDER BY user_id",
        "SELECT * FROM user_roles WHERE user_id <= 3 ORDER BY user_id, role_id",
        "SELECT * FROM roles ORDER BY role_id",
        "SELECT * FROM user_points_accounts WHERE account_id <= 3 AND user_id <> 2 ORDER BY account_id",
        "SELECT * FROM points_records WHERE record_id <= 3 ORDER BY record_id",
        "SELECT * FROM products WHERE product_id <= 1",
        "SELECT * FROM image_resources WHERE resource_id <= 2 ORDER BY resource_id",
    ]

    static func checksums(_ location: MySQLLocation) throws -> [[String]] {
        try query(location, "CHECKSUM TABLE users, roles, user_roles, user_points_accounts, points_records, products, image_resources, legacy_id_map, legacy_extras")
    }

    @Test("preflight, dry run and run agree; V4's rows stay; the shared person is merged; a re-run changes nothing")
    func mergeIntoSeeded003() async throws {
        let legacyLocation = try await Self.legacyDatabase()
        let v4 = try await Self.v4Database("v4")
        let before = try Self.ownRows.map { try Self.query(v4, $0) }
        let source = try MySQLLegacySource(location: legacyLocation)
        defer { source.close() }

        let checker = try MySQLMergeTarget(location: v4, options: MigrationOptions())
        let preflight = try checker.check(source)
        #expect(preflight.passed, "\(preflight.render())")
        #expect(preflight.kind == "v4")
        let collisions = Dictionary(uniqueKeysWithValues: preflight.collisions.map { ($0.kind, $0) })
        #expect(collisions["legacy user ids V4 also uses"]?.count == 3)
        #expect(collisions["legacy users whose mobile V4 already has"]?.examples == ["legacy 7 ↔ V4 2"])
        #expect(preflight.tables.first { $0.name == "users" }?.keptAside == ["avatar_url", "updated_at"])
        #expect(preflight.tables.first { $0.name == "image_resources" }?.keptAside.contains("upload_id") == true)
        #expect(try Self.query(v4, "SHOW TABLES LIKE 'legacy%'").isEmpty, "the preflight writes nothing")

        let dryRun = try await Self.merge(source, into: v4) { $0.dryRun = true }
        #expect(try Self.query(v4, "SHOW TABLES LIKE 'legacy%'").isEmpty, "a dry run writes nothing")
        #expect(try Self.ownRows.map { try Self.query(v4, $0) } == before)

        let report = try await Self.merge(source, into: v4)
        #expect(report.balanced)
        #expect(Self.counts(report) == Self.counts(dryRun), "the dry run predicts the run")
        #expect(Self.counts(report) == ["users 11=8+1+2", "products 10=7+0+3", "upload_reviews 15=7+0+8", "points_records 47=39+0+8"])
        let merge = try #require(report.verification.merge)
        #expect(merge.v4Unchanged, "\(merge)")
        #expect(merge.ledgerDisagreements.isEmpty)
        #expect(merge.mergedUsers == [.init(legacyId: 7, v4Id: 2, balanceBefore: 200, carried: 500, balanceAfter: 700)])
        #expect(merge.carriedOver == dryRun.verification.merge?.carriedOver)
        #expect(merge.mapped["users"] == 9 && merge.mapped["points_records"] == 39)

        // V4's own rows are byte for byte what they were; only the merged user's account moved.
        #expect(try Self.ownRows.map { try Self.query(v4, $0) } == before)
        #expect(try Self.query(v4, "SELECT available_points FROM user_points_accounts WHERE user_id = 2") == [["700"]])
        #expect(try Self.query(v4, "SELECT COUNT(*) FROM roles") == [["4"]], "no role was added")
        // The carried-over row makes the merged user's ledger add up.
        #expect(try Self.query(v4, """
            SELECT transaction_type, points_amount, balance_after, title FROM points_records
            WHERE user_id = 2 AND business_type = 'legacy_carry_over'
            """) == [["earn", "500", "700", "旧系统余额结转"]])
        // Legacy user 3 is a new V4 user; V4's user 3 keeps only its own role.
        let legacy3 = try Self.query(v4, "SELECT v4_id FROM legacy_id_map WHERE table_name = 'users' AND legacy_id = 3")
        #expect(legacy3.count == 1 && legacy3 != [["3"]])
        #expect(try Self.query(v4, "SELECT role_id FROM user_roles WHERE user_id = 3") == [["2"]])
        #expect(try Self.query(v4, "SELECT COUNT(*) FROM user_roles WHERE user_id = \(legacy3[0][0])") == [["1"]])
        // The long description: whole in the TEXT column, the title shortened to 200, whole in the extras.
        let long = try Self.query(v4, """
            SELECT CHAR_LENGTH(p.title), CHAR_LENGTH(p.description), JSON_VALUE(e.extras, '$.title')
            FROM legacy_id_map m JOIN points_records p ON p.record_id = m.v4_id
            JOIN legacy_extras e ON e.table_name = 'points_records' AND e.legacy_id = 1000
            WHERE m.table_name = 'points_records' AND m.legacy_id = 1000
            """)
        #expect(long == [["200", "250", Self.longText]])
        // A legacy merchant keeps the flag for the bridge; V4 has no merchant role.
        #expect(try Self.query(v4, "SELECT JSON_VALUE(extras, '$.is_merchant') FROM legacy_extras WHERE table_name = 'users' AND legacy_id = 2") == [["1"]])

        let settled = try Self.checksums(v4)
        let again = try await Self.merge(source, into: v4)
        #expect(Self.counts(again) == Self.counts(report))
        #expect(try Self.checksums(v4) == settled, "a second run changes nothing")
        let resumed = try await Self.merge(source, into: v4) { $0.resume = true }
        #expect(resumed.balanced)
        #expect(try Self.checksums(v4) == settled, "a resume after success changes nothing")
    }

    @Test("--on-shared-mobile reject: the person and their rows are rejected with the reason; V4's user keeps its balance")
    func sharedMobileRejected() async throws {
        let legacyLocation = try await MariaDBMigrationTests.database("legacy", fixtures: true)
        let v4 = try await Self.v4Database("v4")
        let source = try MySQLLegacySource(location: legacyLocation)
        defer { source.close() }
        let directory = try MigrationSupport.scratchDirectory()
        let rejects = directory + "/rejects.jsonl"
        var options = MigrationOptions()
        options.sharedMobile = .reject
        options.longValues = .reject
        options.rejectFile = rejects
        let target = try MySQLMergeTarget(location: v4, options: options)
        let report = try await MigrationSupport.migrate(source, into: target, rejectFile: rejects) {
            $0.sharedMobile = .reject
            $0.longValues = .reject
        }
        #expect(report.balanced)
        #expect(report.tables.first?.merged == 0)
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("\"legacy_id\":7") && $0.contains("V4 user 2 holds this mobile") })
        #expect(try Self.query(v4, "SELECT available_points FROM user_points_accounts WHERE user_id = 2") == [["200"]])
        #expect(report.verification.merge?.holds == true)
        #expect(try Self.query(v4, "SELECT COUNT(*) FROM legacy_id_map WHERE table_name = 'users' AND legacy_id = 7") == [["0"]])
    }

    @Test("a V4 that keeps upload ids under a unique key: a held one rejects its row, naming the V4 row; the run completes")
    func heldUploadId() async throws {
        let legacyLocation = try await MariaDBMigrationTests.database("legacy", fixtures: true)
        let held = try Self.query(legacyLocation, "SELECT upload_id FROM upload_reviews WHERE id = (SELECT MIN(id) FROM upload_reviews WHERE review_status = 'approved')")[0][0]
        let v4 = try await Self.v4Database("v4", extra: """
            ALTER TABLE image_resources ADD COLUMN upload_id VARCHAR(64) NULL, ADD UNIQUE KEY image_resources_upload (upload_id);
            UPDATE image_resources SET upload_id = '\(held)' WHERE resource_id = 2
            """)
        let source = try MySQLLegacySource(location: legacyLocation)
        defer { source.close() }
        let preflight = try MySQLMergeTarget(location: v4, options: MigrationOptions()).check(source)
        #expect(preflight.collisions.first { $0.kind == "legacy upload ids V4 already holds" }?.examples == [held])
        let directory = try MigrationSupport.scratchDirectory()
        let report = try await MigrationSupport.migrate(source, into: try MySQLMergeTarget(location: v4, options: MigrationOptions()),
                                                        rejectFile: directory + "/rejects.jsonl")
        #expect(report.balanced)
        let rejects = try String(contentsOfFile: directory + "/rejects.jsonl", encoding: .utf8)
        #expect(rejects.contains("held by V4 image_resources resource_id 2"), "\(rejects)")
        #expect(try Self.query(v4, "SELECT COUNT(*) FROM image_resources WHERE upload_id = '\(held)'") == [["1"]])
        #expect(report.tables.first { $0.table == .uploadReviews }.map { $0.written } == 6)
    }

    @Test("--check and --dry-run against a server that is not there fail at once, naming it")
    func bogusTarget() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        for flag in ["--check", "--dry-run"] {
            let result = try await MigrationSupport.run(
                ["migrate", "--from", "dump:\(MigrationSupport.fixtures)/legacy.dump.sql",
                 "--to", "mysql://root:x@localhost/v4?socket=/nonexistent/mysqld.sock", flag], in: directory)
            #expect(result.status != 0)
            #expect(result.output.contains("cannot connect to mysql://root@localhost:3306/v4"), "\(result.output)")
            #expect(!result.output.contains("Migration"), "no rows were read: \(result.output)")
        }
    }

    /// The merged rows in a form that does not depend on which V4 ids they got (a killed
    /// transaction still uses up AUTO_INCREMENT values): ids become legacy ids through the map.
    static func canonical(_ location: MySQLLocation) throws -> [String: [String]] {
        var maps: [String: [String: String]] = [:]
        for row in try query(location, "SELECT table_name, legacy_id, v4_id, disposition FROM legacy_id_map") {
            maps[row[0], default: [:]][row[2]] = "L\(row[1])/\(row[3])"
        }
        let users = maps["users"] ?? [:]
        var result: [String: [String]] = [:]
        let specs: [(table: String, id: String, mapped: [String], users: [String], times: [String])] = [
            ("users", "user_id", ["users"], [], []),
            ("user_roles", "", [], ["user_id"], []),
            ("user_points_accounts", "account_id", [MergeSQL.accounts], ["user_id"], ["created_at", "updated_at"]),
            ("points_records", "record_id", ["points_records", MergeSQL.carryOver], ["user_id"], ["transaction_time"]),
            ("products", "product_id", ["products"], [], []),
            ("image_resources", "resource_id", ["image_resources"], ["user_id", "reviewed_by"], []),
        ]
        for spec in specs {
            let connection = try MySQLConnection(location)
            var rows: [String] = []
            try connection.stream("SELECT * FROM \(spec.table)") { names, values in
                var fields: [String] = []
                var created = false
                for (name, value) in zip(names, values) {
                    var text = value.text ?? "NULL"
                    if name == spec.id {
                        let mapped = spec.mapped.lazy.compactMap { maps[$0]?[text] }.first
                        created = mapped != nil && spec.table != "users"
                        text = mapped ?? "V4:\(text)"
                    } else if spec.users.contains(name), let legacy = users[text] {
                        text = legacy
                    }
                    if created && spec.times.contains(name) { text = "(run time)" }
                    fields.append("\(name)=\(text)")
                }
                rows.append(fields.joined(separator: " "))
            }
            result[spec.table] = rows.sorted()
        }
        result["legacy_extras"] = try query(location, "SELECT table_name, legacy_id, extras FROM legacy_extras ORDER BY 1, 2")
            .map { $0.joined(separator: " ") }
        return result
    }

    @Test("killed with SIGKILL mid-run and resumed: the same merge as an uninterrupted run")
    func killAndResume() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generated = try await MigrationSupport.run(["generate-legacy", "--rows", "20000", "--seed", "5", "-o", "legacy.sql"],
                                                       in: directory)
        #expect(generated.status == 0, "\(generated.output)")
        // A V4 user who is also generated legacy user 5.
        let shared = "INSERT INTO users (user_id, mobile, nickname, status, created_at, login_count) VALUES (4, '13100000005', 'v4', 'active', '2025-09-01 00:00:00', 0); INSERT INTO user_points_accounts (user_id, available_points, total_earned, total_consumed) VALUES (4, 7, 7, 0)"
        let whole = try await Self.v4Database("whole", extra: shared)
        let killed = try await Self.v4Database("killed", extra: shared)
        func arguments(_ target: MySQLLocation, resume: Bool) -> [String] {
            ["migrate", "--from", "dump:legacy.sql", "--to", "mysql://root@localhost/\(target.database)?socket=\(MariaDBMigrationTests.socket)",
             "--batch-size", "500", "--reject-file", "\(target.database).jsonl", "--mappings", MigrationSupport.mappings]
                + (resume ? ["--resume"] : [])
        }
        let reference = try await MigrationSupport.run(arguments(whole, resume: false), in: directory)
        #expect(reference.status == 0, "\(reference.output)")
        #expect(reference.output.contains("Merged legacy user 5 into V4 user 4"), "\(reference.output)")

        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        let kills = try await MigrationSupport.killUntilDone({ arguments(killed, resume: $0) }, in: directory,
                                                             random: &random, minimumDelay: 0.1, spread: 0.5)
        #expect(kills >= 1, "the run was killed \(kills) times")
        let expected = try Self.canonical(whole)
        let got = try Self.canonical(killed)
        for table in expected.keys.sorted() {
            #expect(got[table] == expected[table], "\(table)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/\(killed.database).jsonl"))
                    == Data(contentsOf: URL(fileURLWithPath: directory + "/\(whole.database).jsonl")))
        let settled = try Self.checksums(killed)
        let again = try await MigrationSupport.run(arguments(killed, resume: false), in: directory)
        #expect(again.status == 0, "\(again.output)")
        #expect(try Self.checksums(killed) == settled, "a second run changes nothing")
    }
}

extension MergeIntoV4Tests {
    /// The merged V4 database's rows as the double's `/__double/load` takes them.
    static func doubleRows(_ v4: MySQLLocation) throws -> JSONValue {
        func objects(_ sql: String, _ keys: [String]) throws -> [JSONValue] {
            try query(v4, sql).map { row in
                var object = JSONObject()
                for (key, value) in zip(keys, row) {
                    object[key] = value == "NULL" ? .null : Int64(value).map { .int($0) } ?? .string(value)
                }
                return .object(object)
            }
        }
        let users = try objects("""
            SELECT u.user_id, u.mobile, u.nickname, u.status, UNIX_TIMESTAMP(u.created_at) FROM users u
            """, ["user_id", "mobile", "nickname", "status", "created_at"])
        var roles: [Int64: [JSONValue]] = [:]
        for row in try query(v4, "SELECT ur.user_id, r.role_name FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id") {
            roles[Int64(row[0])!, default: []].append(.string(row[1]))
        }
        var accounts = JSONObject()
        for row in try query(v4, "SELECT user_id, SUM(available_points), SUM(total_earned), SUM(total_consumed) FROM user_points_accounts GROUP BY user_id") {
            accounts[row[0]] = ["available_points": .int(Int64(row[1])!), "total_earned": .int(Int64(row[2])!),
                                "total_consumed": .int(Int64(row[3])!)]
        }
        let ledger = try objects("""
            SELECT record_id, user_id, transaction_type, points_amount, balance_after, business_type, source_type,
                   reference_id, title, description, UNIX_TIMESTAMP(transaction_time) FROM points_records
            """, ["transaction_id", "user_id", "transaction_type", "points_amount", "balance_after", "business_type",
                  "source_type", "reference_id", "title", "description", "transaction_time"])
        let uploads = try objects("""
            SELECT resource_id, user_id, original_url, thumbnail_url, category, description, review_status, reviewed_by,
                   UNIX_TIMESTAMP(reviewed_at), rejection_reason, points_awarded, UNIX_TIMESTAMP(uploaded_at) FROM image_resources
            """, ["resource_id", "user_id", "original_url", "thumbnail_url", "category", "description", "review_status",
                  "reviewed_by", "reviewed_ts", "rejection_reason", "points_awarded", "uploaded_ts"])
        return [
            "users": .array(users.map { user in
                var object = user.objectValue!
                object["roles"] = .array(roles[user["user_id"]!.intValue!] ?? [])
                return .object(object)
            }),
            "accounts": .object(accounts), "ledger": .array(ledger), "uploads": .array(uploads),
        ]
    }

    @Test("the bridge in front of the merged data shows a legacy user's history under their old ids")
    func bridgeShowsLegacyIds() async throws {
        let legacyLocation = try await MariaDBMigrationTests.database("legacy", fixtures: true)
        let v4 = try await Self.v4Database("v4")
        let source = try MySQLLegacySource(location: legacyLocation)
        defer { source.close() }
        let report = try await Self.merge(source, into: v4)
        #expect(report.verification.merge?.holds == true)
        let rows = try LegacyIdMapReader.read(v4)
        let map = LegacyIdMap(rows: rows.ids, uploads: rows.uploads)
        // Legacy user 1's receipts and ledger rows, by legacy id, from the legacy tables themselves.
        let legacyRecords = Set(try Self.query(legacyLocation, "SELECT id FROM points_records WHERE user_id = 1").map { Int64($0[0])! })
        let legacyUploads = try Self.query(legacyLocation, "SELECT id, upload_id FROM upload_reviews WHERE user_id = 1 ORDER BY id")
        let migratedUploads = Set(try Self.query(v4, "SELECT legacy_id FROM legacy_id_map WHERE table_name = 'image_resources'").map { Int64($0[0])! })
        let feed = try Self.doubleRows(v4)
        try await V4DoubleProcess.with(["--seed", "none"]) { double in
            _ = try await double.control(.POST, "load", feed)
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(10), legacyIds: map) { client in
                let (token, _) = try await client.legacyLogin("13800000001")
                let records = try await client.send(.get, "/api/user/points/records?page=1&limit=100", token: token)
                let shown = (records.body["data"]?["records"]?.arrayValue ?? records.body["data"]?["list"]?.arrayValue ?? [])
                    .compactMap { $0["id"]?.intValue ?? $0["record_id"]?.intValue }
                #expect(!shown.isEmpty, Comment(rawValue: records.raw))
                // Every migrated row is shown under its legacy id; the one extra is the carried-over balance.
                let migrated = Set(shown).intersection(legacyRecords)
                let migratedCount = try Self.query(v4, "SELECT COUNT(*) FROM legacy_id_map m JOIN points_records p ON p.record_id = m.v4_id WHERE m.table_name = 'points_records' AND p.user_id = (SELECT v4_id FROM legacy_id_map WHERE table_name = 'users' AND legacy_id = 1)")[0][0]
                #expect(migrated.count == Int(migratedCount)!, "shown \(shown), legacy \(legacyRecords.sorted())")

                let history = try await client.send(.get, "/api/photo/history?page=1&limit=50", token: token)
                let items = history.body["data"]?["list"]?.arrayValue ?? history.body["data"]?["records"]?.arrayValue ?? []
                let expected = legacyUploads.filter { migratedUploads.contains(Int64($0[0])!) }
                #expect(items.count == expected.count, Comment(rawValue: history.raw))
                for item in items {
                    let id = item["id"]?.intValue ?? 0
                    let pair = expected.first { Int64($0[0]) == id }
                    #expect(pair != nil, "upload shown as \(id), legacy ids \(expected)")
                    #expect(item["upload_id"]?.stringValue == pair?[1])
                }
                // A legacy id an old client cached still opens the receipt.
                if let first = expected.first {
                    let detail = try await client.send(.get, "/api/photo/review/\(first[0])", token: token)
                    #expect(detail.body["code"]?.intValue == 0, Comment(rawValue: detail.raw))
                    #expect(detail.body["data"]?["upload_id"]?.stringValue == first[1], Comment(rawValue: detail.raw))
                }
            }
        }
    }
}
#endif
