import Foundation
import GRDB
import Testing
@testable import Migration
@testable import V4Core
import V4Contract

/// The unified schema's columns are declared in three places that must agree: the core's
/// records (their `CodingKeys`), the migrator's `TargetTable`s and the MySQL DDL of an empty
/// MySQL target. One test holds them against the SQLite schema the core's migrations create.
@Suite struct UnifiedColumnsTests {
    static func sqliteColumns() throws -> [String: Set<String>] {
        let queue = try DatabaseQueue()
        try UnifiedSchema.migrator.migrate(queue)
        return try queue.read { db in
            var result: [String: Set<String>] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                result[table] = Set(try db.columns(in: table).map(\.name))
            }
            return result
        }
    }

    @Test func recordsDeclareExactlyTheirTablesColumns() throws {
        let schema = try Self.sqliteColumns()
        func check<R: V4Record & TableRecord>(_: R.Type, _ keys: [String]) {
            #expect(Set(keys) == schema[R.databaseTableName], "\(R.databaseTableName)")
        }
        check(UserRecord.self, UserRecord.CodingKeys.allCases.map(\.rawValue))
        check(RoleRecord.self, RoleRecord.CodingKeys.allCases.map(\.rawValue))
        check(UserRoleRecord.self, UserRoleRecord.CodingKeys.allCases.map(\.rawValue))
        check(PointsAccountRecord.self, PointsAccountRecord.CodingKeys.allCases.map(\.rawValue))
        check(PointsTransactionRecord.self, PointsTransactionRecord.CodingKeys.allCases.map(\.rawValue))
        check(ProductRecord.self, ProductRecord.CodingKeys.allCases.map(\.rawValue))
        check(ImageResourceRecord.self, ImageResourceRecord.CodingKeys.allCases.map(\.rawValue))
        check(ExchangeRecord.self, ExchangeRecord.CodingKeys.allCases.map(\.rawValue))
        check(LotteryCampaignRecord.self, LotteryCampaignRecord.CodingKeys.allCases.map(\.rawValue))
        check(LotteryPrizeRecord.self, LotteryPrizeRecord.CodingKeys.allCases.map(\.rawValue))
        check(LotteryDrawRecord.self, LotteryDrawRecord.CodingKeys.allCases.map(\.rawValue))
        check(LotteryUserStateRecord.self, LotteryUserStateRecord.CodingKeys.allCases.map(\.rawValue))
        check(UserInventoryRecord.self, UserInventoryRecord.CodingKeys.allCases.map(\.rawValue))
        check(AuthSessionRecord.self, AuthSessionRecord.CodingKeys.allCases.map(\.rawValue))
        check(VerificationCodeRecord.self, VerificationCodeRecord.CodingKeys.allCases.map(\.rawValue))
        check(AdminCredentialRecord.self, AdminCredentialRecord.CodingKeys.allCases.map(\.rawValue))
    }

    /// The values each CHECK (column IN (…)) allows, by `table.column`, from the created schema.
    static func checkedValues() throws -> [String: Set<String>] {
        let queue = try DatabaseQueue()
        try UnifiedSchema.migrator.migrate(queue)
        let tables = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
        }
        var result: [String: Set<String>] = [:]
        for row in tables {
            let name: String = row[0], sql: String = row[1]
            for match in sql.matches(of: /CHECK \((\w+) IN \(([^)]*)\)\)/) {
                let values = match.2.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '")) }
                result["\(name).\(match.1)"] = Set(values)
            }
        }
        return result
    }

    /// A constrained column's Swift type allows exactly what its CHECK allows.
    @Test func statusEnumsMatchTheirChecks() throws {
        let checks = try Self.checkedValues()
        let active = Set(ActiveStatus.allCases.map(\.rawValue))
        for column in ["users.status", "products.status", "lottery_campaigns.status", "lottery_prizes.status"] {
            #expect(checks[column] == active, "\(column)")
        }
        #expect(checks["image_resources.review_status"] == Set(ReviewStatus.allCases.map(\.rawValue)))
        #expect(checks["exchange_records.status"] == Set(V4ExchangeStatus.allCases.map(\.rawValue)))
        #expect(checks["user_inventories.status"] == Set(InventoryStatus.allCases.map(\.rawValue)))
    }

    @Test func theMigratorWritesOnlyColumnsTheSchemaHas() throws {
        let schema = try Self.sqliteColumns()
        for table in [TargetTable.users, .userRoles, .products, .imageResources, .pointsRecords] {
            let have = try #require(schema[table.name], "\(table.name)")
            #expect(Set(table.columns).isSubset(of: have), "\(table.name): \(Set(table.columns).subtracting(have))")
        }
    }

    #if MySQL
    /// The MySQL DDL of an empty target: the same columns as SQLite for every table it creates.
    @Test func theMySQLDDLHasTheSQLiteColumns() throws {
        let schema = try Self.sqliteColumns()
        var tables = 0
        for statement in UnifiedSchemaMySQL.statements where statement.contains("CREATE TABLE") {
            let name = try #require(statement.firstMatch(of: /CREATE TABLE IF NOT EXISTS (\w+)/)?.1).description
            guard name != "migration_checkpoints" else { continue }
            var columns = Set<String>()
            for line in statement.split(separator: "\n").dropFirst() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard let word = trimmed.split(separator: " ").first, let first = word.first, first.isLowercase else { continue }
                columns.insert(String(word))
            }
            #expect(columns == schema[name], "\(name): MySQL only \(columns.subtracting(schema[name] ?? [])), SQLite only \((schema[name] ?? []).subtracting(columns))")
            tables += 1
        }
        #expect(tables == 7)
    }
    #endif
}
