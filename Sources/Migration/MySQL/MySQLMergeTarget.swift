#if MySQL
import BridgeKit

/// The legacy rows merged into the database of a V4 deployment that already runs
/// (Docs/migration.md, "Into a live V4 database").
///
/// V4's tables are taken as they are: only the columns they have are written, new rows take
/// V4's own AUTO_INCREMENT ids, and everything else of a legacy row — the legacy id, columns V4
/// has no place for, values shortened to fit — goes to side tables this target owns
/// (`legacy_id_map`, `legacy_extras`, `legacy_migration_state`), created with the first batch.
/// A legacy user whose mobile V4 already has is merged into that V4 user. Every batch, its id
/// map rows and its checkpoint commit in one transaction, so a killed run resumes exactly; a
/// row already in the id map is never written again, so a re-run changes nothing.
///
/// With `dryRun` the same decisions are made against the target's current rows and nothing is
/// written: the counts it reports are the ones the real run will.
public final class MySQLMergeTarget: MigrationTarget {
    private let connection: MySQLConnection
    private let location: MySQLLocation
    private let options: MigrationOptions
    public let schema: TargetSchema
    public let kind: MySQLTargetKind

    /// Legacy user id → V4 user id, for every user migrated or merged so far.
    private var userMap: [Int64: Int64] = [:]
    /// V4 users that are migrated legacy users (new rows), and V4 users something was merged into.
    private var migratedV4Users: [Int64: Int64] = [:]
    private var mergedV4Users: [Int64: Int64] = [:]
    private var sideTablesExist: Bool
    private var baseline: MergeBaseline?
    private var baselineStored = false
    /// V4 users the preflight found sharing a mobile with a legacy user (for the baseline).
    private var sharedMobileUsers: Set<Int64> = []
    /// Ids of a multi-row INSERT are consecutive (innodb_autoinc_lock_mode 0 or 1).
    private var consecutiveIds = false
    private var idIncrement: Int64 = 1
    // Dry-run bookkeeping: what the writes would have made.
    private var plannedId: Int64 = -1
    private var plannedMobiles: [String: Int64] = [:]
    private var plannedLedger: [Int64: (earned: Int64, consumed: Int64)] = [:]
    /// Dry run: planned V4 user id → the legacy balance to carry.
    private var plannedBalances: [Int64: Int64] = [:]
    private var plannedMapped: [String: Int] = [:]

    public var description: String { location.description }
    public var isMerge: Bool { true }

    public init(location: MySQLLocation, options: MigrationOptions) throws {
        self.location = location
        self.options = options
        connection = try MySQLConnection(location)
        try connection.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE'")
        try connection.execute("SET SESSION time_zone = '+00:00'")
        schema = try TargetSchema.read(connection)
        kind = MySQLTargetKind(schema)
        sideTablesExist = schema["legacy_id_map"] != nil
        let mode = try connection.integer("SELECT @@innodb_autoinc_lock_mode") ?? 2
        consecutiveIds = mode <= 1
        idIncrement = max(1, try connection.integer("SELECT @@auto_increment_increment") ?? 1)
    }

    // MARK: - Preflight

    /// Reads the target and the legacy source (users' ids and mobiles, the other tables' ids)
    /// and says what the run will do; writes nothing.
    public func preflight(_ source: any LegacySource) throws -> MergePreflight? {
        try check(source)
    }

    func check(_ source: any LegacySource) throws -> MergePreflight {
        var report = MergePreflight(target: location.description, kind: kind.rawValue)
        for table in [TargetTable.users, .userRoles, .products, .imageResources, .pointsRecords]
            + [TargetTable(name: "user_points_accounts", columns: ["user_id", "available_points", "total_earned",
                                                                     "total_consumed", "created_at", "updated_at"], key: []),
               TargetTable(name: "roles", columns: ["role_id", "role_name"], key: [])]
        {
            report.tables.append(check(table))
        }
        let documentedNames = Set(DocumentedV4Schema.tables.map(\.name))
        for table in report.tables where !table.present && documentedNames.contains(table.name) {
            report.blocking.append("table \(table.name) (documented in 003) is missing")
        }
        for table in report.tables where !table.unfillable.isEmpty {
            report.blocking.append("\(table.name) requires \(table.unfillable.joined(separator: ", ")), which the migrator has no value for")
        }
        for table in report.tables where table.present {
            if let merge = MergeTable.all.first(where: { $0.target.name == table.name }),
               schema[table.name]?.autoIncrementColumn != merge.idColumn {
                report.blocking.append("\(table.name).\(merge.idColumn) is not an AUTO_INCREMENT key: new rows would need ids the migrator cannot choose safely")
            }
        }
        guard schema["users"] != nil, schema["roles"] != nil else { return report }
        report.roles = try roleIds()
        if report.roles["user"] == nil {
            if options.createRoles {
                report.notes.append("the V4 role `user` is missing: it will be created (--create-roles)")
            } else {
                report.blocking.append("the V4 role `user` is missing: create it in V4, or pass --create-roles")
            }
        }
        var duplicates: [String] = []
        try connection.stream("SELECT role_name, COUNT(*) FROM roles GROUP BY role_name HAVING COUNT(*) > 1") { _, row in
            duplicates.append("\(row[0].text ?? "")×\(row[1].integer ?? 0)")
        }
        if !duplicates.isEmpty {
            report.notes.append("roles with the same name: \(duplicates.joined(separator: ", ")); the lowest role_id is used")
        }
        if report.roles["merchant"] == nil {
            report.notes.append("no `merchant` role in V4 (it is the bridge's): legacy merchants keep is_merchant in legacy_extras")
        }
        report.notes.append(consecutiveIds
            ? "innodb_autoinc_lock_mode ≤ 1: new rows are inserted many to a statement"
            : "innodb_autoinc_lock_mode = 2: new rows are inserted one to a statement (slower; ids stay exact)")
        if sideTablesExist {
            try connection.stream("SELECT table_name, COUNT(*) FROM legacy_id_map GROUP BY table_name") { _, row in
                report.previouslyMapped[row[0].text ?? ""] = Int(row[1].integer ?? 0)
            }
        }
        if kind == .v4 { try loadMaps() }
        try collisions(source, into: &report)
        return report
    }

    private func check(_ table: TargetTable) -> MergePreflight.TableCheck {
        let documented = DocumentedV4Schema.table(table.name)
        var result = MergePreflight.TableCheck(
            name: table.name, documentedAt: documented.map { "L\($0.lines.lowerBound)-\($0.lines.upperBound)" },
            present: schema[table.name] != nil)
        guard let actual = schema[table.name] else { return result }
        result.documentedMissing = (documented?.columns ?? []).filter { actual[$0] == nil }
        let idColumn = MergeTable.all.first { $0.target == table }?.idColumn
        for column in table.columns where column != TargetTable.provenance && column != idColumn {
            if actual[column] != nil { result.written.append(column) } else { result.keptAside.append(column) }
        }
        let supplied = Set(table.columns)
        result.unfillable = actual.columns.filter { $0.required && !supplied.contains($0.name) }.map(\.name)
        return result
    }

    private func collisions(_ source: any LegacySource, into report: inout MergePreflight) throws {
        // Users: ids V4 uses too, and mobiles V4 already has.
        var legacyUsers: [(id: Int64, mobile: String)] = []
        try source.scan(.users, skip: 0) { row in
            guard let id = row.legacyId, let mobile = row[UserColumn.mobile].text?.trimmingWhitespace, !mobile.isEmpty else { return }
            legacyUsers.append((id, mobile))
        }
        let pending = legacyUsers.filter { userMap[$0.id] == nil }
        let sameIds = try v4Ids("users", "user_id", among: pending.map(\.id))
        report.collisions.append(.init(
            kind: "legacy user ids V4 also uses", count: sameIds.count, examples: sameIds.prefix(5).map { "user \($0)" },
            action: "no conflict: the legacy user gets a new V4 id, legacy_id_map keeps the old one (roles are never given to V4's user \(sameIds.first.map(String.init) ?? "of that id"))"))
        var shared: [(legacy: Int64, v4: Int64)] = []
        var byMobile: [String: Int64] = [:]
        for user in pending where byMobile[user.mobile] == nil { byMobile[user.mobile] = user.id }
        for (mobile, v4) in try owners(of: Array(byMobile.keys)) where migratedV4Users[v4] == nil {
            shared.append((byMobile[mobile]!, v4))
        }
        shared.sort { $0.legacy < $1.legacy }
        sharedMobileUsers = Set(shared.map(\.v4))
        report.collisions.append(.init(
            kind: "legacy users whose mobile V4 already has", count: shared.count,
            examples: shared.prefix(5).map { "legacy \($0.legacy) ↔ V4 \($0.v4)" },
            action: options.sharedMobile == .merge
                ? "merged: the legacy history attaches to the V4 user, the legacy balance is carried over in one ledger row"
                : "rejected with every row that depends on them (--on-shared-mobile reject)"))
        // The other tables: ids only (new rows take V4 ids, so these are informational), and
        // upload ids where V4 keeps them under a unique key.
        for (legacy, table, idColumn) in [(LegacyTable.products, "products", "product_id"),
                                          (.uploadReviews, "image_resources", "resource_id"),
                                          (.pointsRecords, "points_records", "record_id")] {
            var ids: [Int64] = []
            var uploads: [String] = []
            let keepsUploads = legacy == .uploadReviews && schema["image_resources"]?.isUnique("upload_id") == true
            try source.scan(legacy, skip: 0) { row in
                if let id = row.legacyId { ids.append(id) }
                if keepsUploads, let upload = row[UploadReviewColumn.uploadId].text { uploads.append(upload) }
            }
            let same = try v4Ids(table, idColumn, among: ids)
            report.collisions.append(.init(
                kind: "legacy \(legacy.name) ids V4 also uses", count: same.count, examples: same.prefix(5).map { "\($0)" },
                action: "no conflict: new V4 ids, the legacy id kept in legacy_id_map"))
            if keepsUploads {
                var held: [String] = []
                for chunk in uploads.chunked(500) {
                    try connection.stream("SELECT upload_id FROM image_resources WHERE upload_id IN (\(chunk.map(connection.quoted).joined(separator: ",")))") { _, row in
                        if let id = row[0].text { held.append(id) }
                    }
                }
                report.collisions.append(.init(
                    kind: "legacy upload ids V4 already holds", count: held.count, examples: Array(held.prefix(5)),
                    action: "rejected: the upload id is V4's; the reject file names the V4 row"))
            }
        }
    }

    /// Of `ids`, those the V4 table holds, ascending.
    private func v4Ids(_ table: String, _ column: String, among ids: [Int64]) throws -> [Int64] {
        guard schema[table] != nil, let low = ids.min(), let high = ids.max() else { return [] }
        let wanted = Set(ids)
        let mine = Set(mappedV4Ids(table))
        var found: [Int64] = []
        try connection.stream("SELECT `\(column)` FROM `\(table)` WHERE `\(column)` BETWEEN \(low) AND \(high) ORDER BY 1") { _, row in
            if let id = row[0].integer, wanted.contains(id), !mine.contains(id) { found.append(id) }
        }
        return found
    }

    private func mappedV4Ids(_ table: String) -> [Int64] {
        table == "users" ? Array(migratedV4Users.keys) : []
    }

    /// mobile → V4 user id, for those of `mobiles` V4 has.
    private func owners(of mobiles: [String]) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for chunk in mobiles.chunked(500) where !chunk.isEmpty {
            try connection.stream("SELECT mobile, user_id FROM users WHERE mobile IN (\(chunk.map(connection.quoted).joined(separator: ",")))") { _, row in
                if let mobile = row[0].text, let id = row[1].integer { result[mobile] = id }
            }
        }
        return result
    }

    // MARK: - MigrationTarget

    public func prepare() throws {
        guard kind == .v4 else { throw MigrationTargetError.database("\(location) holds no V4 users table: nothing to merge into") }
        if options.createRoles, !options.dryRun, try roleIds()["user"] == nil {
            try connection.execute("""
                INSERT INTO roles (\(fitColumns("roles", ["role_uuid", "role_name", "role_level", "display_name", "permissions", "is_active", "is_system", "created_at", "updated_at"])))
                VALUES (\(fitColumns("roles", ["UUID()", "'user'", "0", "'普通用户'", "'[]'", "1", "1", "UTC_TIMESTAMP()", "UTC_TIMESTAMP()"], values: ["role_uuid", "role_name", "role_level", "display_name", "permissions", "is_active", "is_system", "created_at", "updated_at"])))
                """)
        }
        try loadMaps()
        if sideTablesExist {
            try connection.stream("SELECT value FROM legacy_migration_state WHERE name = '__baseline'") { _, row in
                baseline = try JSONDecoder().decode(MergeBaseline.self, from: Data((row[0].text ?? "").utf8))
            }
            baselineStored = baseline != nil
        }
        if baseline == nil { baseline = try takeBaseline() }
    }

    /// Of `columns` (or the parallel `values`), those the target's table has, comma-joined.
    private func fitColumns(_ table: String, _ columns: [String], values: [String]? = nil) -> String {
        let names = values ?? columns
        return zip(columns, names).filter { schema[table]?[$0.1] != nil }.map { values == nil ? "`\($0.0)`" : $0.0 }
            .joined(separator: ", ")
    }

    private func loadMaps() throws {
        userMap = [:]
        migratedV4Users = [:]
        mergedV4Users = [:]
        guard sideTablesExist else { return }
        try connection.stream("SELECT legacy_id, v4_id, disposition FROM legacy_id_map WHERE table_name = 'users'") { _, row in
            guard let legacy = row[0].integer, let v4 = row[1].integer else { return }
            userMap[legacy] = v4
            if row[2].text == "merged" { mergedV4Users[v4] = legacy } else { migratedV4Users[v4] = legacy }
        }
    }

    private func takeBaseline() throws -> MergeBaseline {
        var counts: [String: Int] = [:]
        for table in Self.v4Tables where schema[table] != nil {
            counts[table] = Int(try connection.integer("SELECT COUNT(*) FROM `\(table)`") ?? 0)
        }
        var merged: [String: Int64] = [:]
        let merging = options.sharedMobile == .merge ? sharedMobileUsers : []
        for user in merging {
            merged[String(user)] = try connection.integer(
                "SELECT COALESCE(SUM(available_points), 0) FROM user_points_accounts WHERE user_id = \(user)") ?? 0
        }
        var now = ""
        try connection.stream("SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s')") { _, row in now = row[0].text ?? "" }
        return MergeBaseline(takenAt: now, counts: counts, balanceChecksum: try balanceChecksum(excluding: merging),
                             mergedBalances: merged)
    }

    static let v4Tables = ["users", "user_roles", "user_points_accounts", "products", "image_resources", "points_records"]

    /// Count, sum and CRC checksum of every account's balances, except merged users' and the
    /// accounts the merge created.
    private func balanceChecksum(excluding users: Set<Int64>) throws -> String {
        var filter = users.isEmpty ? "1 = 1" : "user_id NOT IN (\(users.sorted().map(String.init).joined(separator: ",")))"
        if sideTablesExist {
            filter += " AND account_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name = '\(MergeSQL.accounts)' AND disposition = 'migrated')"
        }
        var result = ""
        try connection.stream("""
            SELECT COUNT(*), COALESCE(SUM(available_points), 0),
                   COALESCE(SUM(CRC32(CONCAT_WS(':', account_id, user_id, available_points, total_earned, total_consumed))), 0)
            FROM user_points_accounts WHERE \(filter)
            """) { _, row in
            result = "\(row[0].integer ?? 0) accounts, \(row[1].text ?? "0") points, crc \(row[2].text ?? "0")"
        }
        return result
    }

    public func roleIds() throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        try connection.stream("SELECT role_name, MIN(role_id) FROM roles WHERE role_name IS NOT NULL GROUP BY role_name") { _, row in
            if let name = row[0].text, let id = row[1].integer { ids[name] = id }
        }
        return ids
    }

    public func userIds() throws -> Set<Int64> { Set(userMap.keys) }

    public func loadProgress(source: String) throws -> [LegacyTable: TableProgress] {
        guard sideTablesExist else { return [:] }
        return try connection.checkpoints("SELECT name, source, value FROM legacy_migration_state WHERE name <> '__baseline'", source: source)
    }

    public func clearProgress(_ tables: [LegacyTable]) throws {
        guard sideTablesExist, !options.dryRun else { return }
        for table in tables {
            try connection.execute("DELETE FROM legacy_migration_state WHERE name = \(connection.quoted(table.name))")
        }
    }

    // MARK: - Batches

    /// One legacy row's decision.
    private enum Plan {
        case insert(values: [String: TargetValue], extras: String, roles: [TargetRow])
        case merge(into: Int64, extras: String)
        case already(merged: Bool)
        case reject(Rejection)
    }

    public func commit(_ groups: [[TargetRow]], source: String, progress: (CommitOutcome) throws -> TableProgress) throws {
        guard let spec = groups.first?.first.flatMap({ MergeTable.of($0.table) }) else {
            // Every row of the batch was rejected by its converter: only the checkpoint moves.
            batchLegacyIds = []
            try write(source: source, spec: nil, plans: [], progress: progress)
            return
        }
        let plans = try plan(groups, spec)
        try write(source: source, spec: spec, plans: plans, progress: progress)
    }

    private func plan(_ groups: [[TargetRow]], _ spec: MergeTable) throws -> [Plan] {
        let table = spec.target.name
        let legacyIds: [Int64] = groups.map { group in
            if case .int(let id)? = group[0][spec.idColumn] { return id }
            return 0
        }
        var already: [Int64: String] = [:]
        if sideTablesExist {
            for chunk in legacyIds.chunked(1000) {
                try connection.stream("SELECT legacy_id, disposition FROM legacy_id_map WHERE table_name = \(connection.quoted(table)) AND legacy_id IN (\(chunk.map(String.init).joined(separator: ",")))") { _, row in
                    if let id = row[0].integer { already[id] = row[1].text ?? "" }
                }
            }
        }
        var owners: [String: Int64] = [:]
        if spec.target == .users {
            let mobiles: [String] = groups.compactMap { group in
                if case .text(let mobile)? = group[0]["mobile"] { return mobile }
                return nil
            }
            owners = try self.owners(of: mobiles)
            for (mobile, id) in plannedMobiles { owners[mobile] = id }
        }
        batchLegacyIds = legacyIds
        var batchMobiles: [String: Int64] = [:]
        var plans: [Plan] = []
        for (index, group) in groups.enumerated() {
            let legacyId = legacyIds[index]
            if let disposition = already[legacyId] {
                plans.append(.already(merged: disposition == "merged"))
                continue
            }
            do throws(Rejection) {
                plans.append(try decide(group, legacyId: legacyId, spec: spec, owners: owners, batchMobiles: &batchMobiles))
            } catch {
                plans.append(.reject(error))
            }
        }
        if spec.target != .users { try rejectHeldValues(&plans, spec) }
        return plans
    }

    /// Values a unique key of the target already holds (an upload id V4 keeps under a unique
    /// index, say) reject their row with the V4 row that holds them — rather than failing the
    /// whole batch. Two rows of the batch with one value: the second is rejected.
    private func rejectHeldValues(_ plans: inout [Plan], _ spec: MergeTable) throws {
        guard let target = schema[spec.target.name] else { return }
        let columns = target.uniqueKeys.compactMap { $0.count == 1 ? $0[0] : nil }
            .filter { $0 != spec.idColumn && spec.target.columns.contains($0) }
        for column in columns {
            var seen: [String: Int] = [:]
            for (index, plan) in plans.enumerated() {
                guard case .insert(let values, _, _) = plan, case .text(let value)? = values[column] else { continue }
                if let first = seen[value] {
                    plans[index] = .reject(Rejection(column, "the same value as legacy row \(batchLegacyIds[first]) of this table"))
                } else {
                    seen[value] = index
                }
            }
            var held: [String: String] = [:]
            for chunk in Array(seen.keys).chunked(500) where !chunk.isEmpty {
                try connection.stream("SELECT `\(column)`, `\(spec.idColumn)` FROM `\(spec.target.name)` WHERE `\(column)` IN (\(chunk.map(connection.quoted).joined(separator: ",")))") { _, row in
                    if let value = row[0].text { held[value] = row[1].text ?? "?" }
                }
            }
            for (value, index) in seen {
                guard let owner = held[value] else { continue }
                plans[index] = .reject(Rejection(column, "held by V4 \(spec.target.name) \(spec.idColumn) \(owner)"))
            }
        }
    }

    private func decide(_ group: [TargetRow], legacyId: Int64, spec: MergeTable, owners: [String: Int64],
                        batchMobiles: inout [String: Int64]) throws(Rejection) -> Plan {
        let row = group[0]
        guard let target = schema[spec.target.name] else { throw Rejection(spec.target.name, "the target has no such table") }
        var extras: JSONObject = [:]
        if case .text(let json)? = row[TargetTable.provenance], let parsed = try? JSONValue.parse(json),
           let object = parsed.objectValue {
            extras = object
        }
        var values: [String: TargetValue] = [:]
        for (column, value) in zip(spec.target.columns, row.values)
            where column != TargetTable.provenance && column != spec.idColumn {
            var value = value
            if spec.userReferences.contains(column), case .int(let legacy) = value {
                guard let v4 = userMap[legacy] else { throw Rejection(column, "unknown user") }
                value = .int(v4)
            }
            if spec.optionalUserReferences.contains(column), case .int(let legacy) = value {
                if let v4 = userMap[legacy] {
                    value = .int(v4)
                } else {
                    extras[column] = .int(legacy)
                    value = .null
                }
            }
            guard let columnInfo = target[column] else {
                if value != .null { extras[column] = Self.json(value) }
                continue
            }
            switch columnInfo.fit(value, policy: options.longValues) {
            case .failure(let rejection): throw rejection
            case .success(let fitted):
                if fitted.shortened { extras[column] = Self.json(value) }
                values[column] = fitted.value
            }
        }
        let extrasText = JSONValue.object(Self.sorted(extras)).serialized()
        guard spec.target == .users else { return .insert(values: values, extras: extrasText, roles: []) }

        guard case .text(let mobile)? = values["mobile"] ?? row["mobile"] else { throw Rejection("mobile", "empty") }
        if let other = batchMobiles[mobile] {
            throw Rejection("mobile", "legacy user \(other) has the same mobile and was migrated first")
        }
        if let owner = owners[mobile] {
            if let legacy = migratedV4Users[owner] ?? (owner < 0 ? -owner : nil) {
                throw Rejection("mobile", "legacy user \(legacy) has the same mobile and was migrated first")
            }
            if let legacy = mergedV4Users[owner] {
                throw Rejection("mobile", "V4 user \(owner) holds this mobile and legacy user \(legacy) was merged into it already")
            }
            guard options.sharedMobile == .merge else {
                throw Rejection("mobile", "V4 user \(owner) holds this mobile (--on-shared-mobile reject)")
            }
            batchMobiles[mobile] = legacyId
            return .merge(into: owner, extras: extrasText)
        }
        batchMobiles[mobile] = legacyId
        return .insert(values: values, extras: extrasText, roles: Array(group.dropFirst()))
    }

    /// The legacy `total_points` kept in a user's extras, never below zero.
    static func legacyBalance(_ extras: String) -> Int64 {
        max(0, (try? JSONValue.parse(extras))?["total_points"]?.intValue ?? 0)
    }

    private static func sorted(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for key in object.keys.sorted() { result[key] = object[key] }
        return result
    }

    private static func json(_ value: TargetValue) -> JSONValue {
        switch value {
        case .null: .null
        case .int(let number): .int(number)
        case .real(let number): .double(number)
        case .text(let text): .string(text)
        }
    }

    private func write(source: String, spec: MergeTable?, plans: [Plan], progress: (CommitOutcome) throws -> TableProgress) throws {
        var outcome = CommitOutcome()
        for (index, plan) in plans.enumerated() {
            switch plan {
            case .reject(let rejection): outcome.rejections[index] = rejection
            case .merge, .already(merged: true): outcome.merged += 1
            default: break
            }
        }
        if options.dryRun {
            let state = try progress(outcome)
            if let spec { simulate(spec, plans) }
            _ = state
            return
        }
        if !sideTablesExist {
            // DDL commits on its own in MySQL: the side tables appear just before the first
            // batch, and only when there is one.
            for statement in MergeSQL.sideTables { try connection.execute(statement) }
            sideTablesExist = true
        }
        try connection.execute("START TRANSACTION")
        do {
            if !baselineStored, let baseline {
                try connection.execute("""
                    INSERT INTO legacy_migration_state (name, source, value) VALUES ('__baseline', \(connection.quoted(source)),
                    \(connection.quoted(String(decoding: try JSONEncoder.sorted.encode(baseline), as: UTF8.self))))
                    """)
            }
            if let spec { try apply(spec, plans) }
            // After the rows, so the table's seconds include writing them.
            let state = try progress(outcome)
            try connection.execute(
                "INSERT INTO legacy_migration_state (name, source, value) VALUES (\(connection.quoted(state.table.name)), "
                    + "\(connection.quoted(source)), \(connection.quoted(try SQLiteTarget.encode(state)))) "
                    + "ON DUPLICATE KEY UPDATE source = VALUES(source), value = VALUES(value)")
            try connection.execute("COMMIT")
            baselineStored = true
        } catch {
            try? connection.execute("ROLLBACK")
            // The in-memory maps may hold ids of the rolled-back batch.
            try? loadMaps()
            throw error
        }
    }

    /// The batch's writes, inside the caller's transaction.
    private func apply(_ spec: MergeTable, _ plans: [Plan]) throws {
        let table = spec.target.name
        var inserts: [(index: Int, values: [String: TargetValue])] = []
        for (index, plan) in plans.enumerated() {
            if case .insert(let values, _, _) = plan { inserts.append((index, values)) }
        }
        let ids = try insertRows(table, columns: spec.target.columns.filter { schema[table]?[$0] != nil && $0 != spec.idColumn },
                                 rows: inserts.map(\.values))
        var newIds: [Int: Int64] = [:]
        for (position, insert) in inserts.enumerated() { newIds[insert.index] = ids[position] }
        var mapRows: [String] = []
        var extrasRows: [String] = []
        var roleRows: [[String: TargetValue]] = []
        for (index, plan) in plans.enumerated() {
            let legacyId = legacyIdOf(plan, spec: spec, index: index)
            switch plan {
            case .insert(_, let extras, let roles):
                guard let v4 = newIds[index], let legacyId else { continue }
                mapRows.append("(\(connection.quoted(table)), \(legacyId), \(v4), 'migrated', NULL)")
                extrasRows.append("(\(connection.quoted(table)), \(legacyId), \(connection.quoted(extras)))")
                if spec.target == .users {
                    userMap[legacyId] = v4
                    migratedV4Users[v4] = legacyId
                    for role in roles {
                        var values: [String: TargetValue] = [:]
                        for (column, value) in zip(role.table.columns, role.values) { values[column] = value }
                        values["user_id"] = .int(v4)
                        roleRows.append(values)
                    }
                }
            case .merge(let owner, let extras):
                guard let legacyId else { continue }
                mapRows.append("(\(connection.quoted(table)), \(legacyId), \(owner), 'merged', NULL)")
                extrasRows.append("(\(connection.quoted(table)), \(legacyId), \(connection.quoted(extras)))")
                userMap[legacyId] = owner
                mergedV4Users[owner] = legacyId
            case .already, .reject:
                continue
            }
        }
        if !roleRows.isEmpty, let userRoles = schema["user_roles"] {
            let columns = TargetTable.userRoles.columns.filter { userRoles[$0] != nil }
            _ = try insertRows("user_roles", columns: columns, rows: roleRows, wantIds: false)
        }
        for chunk in mapRows.chunked(1000) {
            try connection.execute("INSERT INTO legacy_id_map (table_name, legacy_id, v4_id, disposition, detail) VALUES " + chunk.joined(separator: ", "))
        }
        for chunk in extrasRows.chunked(1000) {
            try connection.execute("INSERT INTO legacy_extras (table_name, legacy_id, extras) VALUES " + chunk.joined(separator: ", ")
                                   + " ON DUPLICATE KEY UPDATE extras = VALUES(extras)")
        }
    }

    /// The legacy ids of the batch in plan order; kept beside the plans by `plan`.
    private var batchLegacyIds: [Int64] = []

    private func legacyIdOf(_ plan: Plan, spec: MergeTable, index: Int) -> Int64? {
        index < batchLegacyIds.count ? batchLegacyIds[index] : nil
    }

    /// Multi-row INSERTs of `rows` (missing values as DEFAULT); the new ids in row order.
    private func insertRows(_ table: String, columns: [String], rows: [[String: TargetValue]], wantIds: Bool = true) throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        let head = "INSERT INTO `\(table)` (\(columns.map { "`\($0)`" }.joined(separator: ", "))) VALUES "
        func tuple(_ row: [String: TargetValue]) -> String {
            "(" + columns.map { column in row[column].map(connection.literal) ?? "DEFAULT" }.joined(separator: ", ") + ")"
        }
        var ids: [Int64] = []
        ids.reserveCapacity(rows.count)
        let step = consecutiveIds || !wantIds ? 1000 : 1
        for start in stride(from: 0, to: rows.count, by: step) {
            let chunk = rows[start..<min(start + step, rows.count)]
            try connection.execute(head + chunk.map(tuple).joined(separator: ", "))
            guard wantIds else { continue }
            let first = connection.insertId
            guard connection.affectedRows == Int64(chunk.count), first > 0 else {
                throw MigrationTargetError.database("INSERT into \(table) did not report its new ids")
            }
            for offset in 0..<Int64(chunk.count) { ids.append(first + offset * idIncrement) }
        }
        return ids
    }

    /// A dry run's stand-in for `apply`: the maps and sums the writes would have produced.
    private func simulate(_ spec: MergeTable, _ plans: [Plan]) {
        for (index, plan) in plans.enumerated() {
            guard let legacyId = legacyIdOf(plan, spec: spec, index: index) else { continue }
            switch plan {
            case .insert(let values, let extras, _):
                plannedMapped[spec.target.name, default: 0] += 1
                if spec.target == .users {
                    let id = plannedId
                    plannedId -= 1
                    userMap[legacyId] = id
                    plannedBalances[id] = Self.legacyBalance(extras)
                    if case .text(let mobile)? = values["mobile"] { plannedMobiles[mobile] = -legacyId }
                } else if spec.target == .pointsRecords, case .int(let user)? = values["user_id"],
                          case .int(let amount)? = values["points_amount"] {
                    var sums = plannedLedger[user] ?? (0, 0)
                    if values["transaction_type"] == .text("earn") { sums.earned += amount } else { sums.consumed += amount }
                    plannedLedger[user] = sums
                }
            case .merge(let owner, let extras):
                plannedMapped[spec.target.name, default: 0] += 1
                plannedMapped["\(spec.target.name).merged", default: 0] += 1
                plannedBalances[owner] = Self.legacyBalance(extras)
                userMap[legacyId] = owner
                mergedV4Users[owner] = legacyId
            case .already, .reject:
                continue
            }
        }
    }

    // MARK: - Accounts and carried-over balances

    /// For every mapped user without one yet: the account (created, or the merged V4 user's
    /// updated) and, where the legacy balance differs from the migrated ledger, one ledger row
    /// carrying the difference over. Each user's writes and their map rows commit together.
    public func deriveAccounts() throws {
        if options.dryRun { return }
        guard sideTablesExist, let baseline else { return }
        struct Pending { var legacy: Int64; var v4: Int64; var merged: Bool; var balance: Int64 }
        var pending: [Pending] = []
        try connection.stream("""
            SELECT m.legacy_id, m.v4_id, m.disposition, CAST(JSON_EXTRACT(e.extras, '$.total_points') AS SIGNED)
            FROM legacy_id_map m LEFT JOIN legacy_extras e ON e.table_name = 'users' AND e.legacy_id = m.legacy_id
            WHERE m.table_name = 'users' AND NOT EXISTS (
              SELECT 1 FROM legacy_id_map a WHERE a.table_name = '\(MergeSQL.accounts)' AND a.legacy_id = m.legacy_id)
            ORDER BY m.legacy_id
            """) { _, row in
            guard let legacy = row[0].integer, let v4 = row[1].integer else { return }
            pending.append(Pending(legacy: legacy, v4: v4, merged: row[2].text == "merged", balance: max(0, row[3].integer ?? 0)))
        }
        guard !pending.isEmpty else { return }
        let ledger = try migratedLedgerSums()
        let accountColumns = ["user_id", "available_points", "total_earned", "total_consumed", "created_at", "updated_at"]
            .filter { schema["user_points_accounts"]?[$0] != nil }
        for chunk in pending.chunked(500) {
            try connection.execute("START TRANSACTION")
            do {
                for user in chunk {
                    let sums = ledger[user.v4] ?? (0, 0)
                    let difference = user.balance - (sums.earned - sums.consumed)
                    let earned = sums.earned + max(difference, 0)
                    let consumed = sums.consumed + max(-difference, 0)
                    var before: Int64 = 0
                    var account: Int64?
                    if user.merged {
                        try connection.stream("SELECT account_id, available_points FROM user_points_accounts WHERE user_id = \(user.v4) ORDER BY account_id LIMIT 1 FOR UPDATE") { _, row in
                            account = row[0].integer
                            before = row[1].integer ?? 0
                        }
                        before = baseline.mergedBalances[String(user.v4)] ?? before
                    }
                    if difference != 0 {
                        let record = try insertRows("points_records", columns: TargetTable.pointsRecords.columns.filter {
                            schema["points_records"]?[$0] != nil && $0 != "record_id"
                        }, rows: [carryOver(user.legacy, user.v4, difference: difference, balanceAfter: before + user.balance,
                                            ledger: sums, time: baseline.takenAt)])[0]
                        try connection.execute("INSERT INTO legacy_id_map (table_name, legacy_id, v4_id, disposition, detail) VALUES ('\(MergeSQL.carryOver)', \(user.legacy), \(record), 'carried', \(connection.quoted("{\"difference\":\(difference)}")))")
                    }
                    let detail = connection.quoted("{\"balance_before\":\(before),\"carried\":\(user.balance)}")
                    if let account {
                        try connection.execute("""
                            UPDATE user_points_accounts SET available_points = available_points + \(user.balance),
                              total_earned = COALESCE(total_earned, 0) + \(earned), total_consumed = COALESCE(total_consumed, 0) + \(consumed)
                            WHERE account_id = \(account)
                            """)
                        try connection.execute("INSERT INTO legacy_id_map (table_name, legacy_id, v4_id, disposition, detail) VALUES ('\(MergeSQL.accounts)', \(user.legacy), \(account), 'merged', \(detail))")
                    } else {
                        let values: [String: TargetValue] = [
                            "user_id": .int(user.v4), "available_points": .int(before + user.balance), "total_earned": .int(earned),
                            "total_consumed": .int(consumed), "created_at": .text(baseline.takenAt), "updated_at": .text(baseline.takenAt),
                        ]
                        let id = try insertRows("user_points_accounts", columns: accountColumns, rows: [values])[0]
                        try connection.execute("INSERT INTO legacy_id_map (table_name, legacy_id, v4_id, disposition, detail) VALUES ('\(MergeSQL.accounts)', \(user.legacy), \(id), 'migrated', \(detail))")
                    }
                    if !user.merged, schema["users"]?["history_total_points"] != nil {
                        try connection.execute("UPDATE users SET history_total_points = \(earned) WHERE user_id = \(user.v4)")
                    }
                }
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// V4 user id → earned and consumed points of their migrated ledger rows.
    private func migratedLedgerSums() throws -> [Int64: (earned: Int64, consumed: Int64)] {
        var sums: [Int64: (earned: Int64, consumed: Int64)] = [:]
        try connection.stream("""
            SELECT p.user_id, SUM(CASE WHEN p.transaction_type = 'earn' THEN p.points_amount ELSE 0 END),
                   SUM(CASE WHEN p.transaction_type = 'consume' THEN p.points_amount ELSE 0 END)
            FROM legacy_id_map m JOIN points_records p ON p.record_id = m.v4_id
            WHERE m.table_name = 'points_records' GROUP BY p.user_id
            """) { _, row in
            if let user = row[0].integer { sums[user] = (row[1].integer ?? 0, row[2].integer ?? 0) }
        }
        return sums
    }

    private func carryOver(_ legacy: Int64, _ v4: Int64, difference: Int64, balanceAfter: Int64,
                           ledger: (earned: Int64, consumed: Int64), time: String) -> [String: TargetValue] {
        let sum = ledger.earned - ledger.consumed
        return [
            "user_id": .int(v4), "transaction_type": .text(difference > 0 ? "earn" : "consume"),
            "points_amount": .int(abs(difference)), "balance_before": .int(balanceAfter - difference),
            "balance_after": .int(balanceAfter), "business_type": .text("legacy_carry_over"),
            "source_type": .text("legacy_migration"), "reference_id": .text("legacy_user:\(legacy)"),
            "title": .text("旧系统余额结转"),
            "description": .text("legacy balance carried over: total_points \(difference + sum), legacy ledger sum \(sum)"),
            "transaction_time": .text(time),
        ]
    }

    // MARK: - Verification

    public func verify() throws -> TargetVerification {
        var result = try TargetVerification.collect(balances: false) { sql, body in
            try connection.stream(sql) { _, row in try body(row) }
        }
        var merge = MergeVerification()
        guard let baseline else {
            result.merge = merge
            return result
        }
        merge.v4CountsBefore = baseline.counts
        merge.balanceChecksumBefore = baseline.balanceChecksum
        if options.dryRun {
            merge.mapped = plannedMapped
            merge.carriedOver = plannedBalances.filter { user, balance in
                let sums = plannedLedger[user] ?? (0, 0)
                return balance != sums.earned - sums.consumed
            }.count
            merge.mapped[MergeSQL.carryOver] = merge.carriedOver
            merge.mapped[MergeSQL.accounts] = plannedBalances.count
            merge.v4CountsAfter = baseline.counts
            merge.balanceChecksumAfter = baseline.balanceChecksum
            result.merge = merge
            return result
        }
        guard sideTablesExist else {
            merge.v4CountsAfter = baseline.counts
            merge.balanceChecksumAfter = try balanceChecksum(excluding: Set(baseline.mergedBalances.keys.compactMap { Int64($0) }))
            result.merge = merge
            return result
        }
        try connection.stream("SELECT table_name, disposition, COUNT(*) FROM legacy_id_map GROUP BY table_name, disposition") { _, row in
            let table = row[0].text ?? ""
            let count = Int(row[2].integer ?? 0)
            merge.mapped[table, default: 0] += count
            if row[1].text == "merged" { merge.mapped["\(table).merged", default: 0] += count }
        }
        merge.carriedOver = merge.mapped[MergeSQL.carryOver] ?? 0
        let own: [String: String] = [
            "users": "user_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name = 'users' AND disposition = 'migrated')",
            "user_roles": "user_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name = 'users' AND disposition = 'migrated')",
            "user_points_accounts": "account_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name = '\(MergeSQL.accounts)' AND disposition = 'migrated')",
            "products": "product_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name = 'products')",
            "image_resources": "resource_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name = 'image_resources')",
            "points_records": "record_id NOT IN (SELECT v4_id FROM legacy_id_map WHERE table_name IN ('points_records', '\(MergeSQL.carryOver)'))",
        ]
        for table in Self.v4Tables where schema[table] != nil {
            merge.v4CountsAfter[table] = Int(try connection.integer("SELECT COUNT(*) FROM `\(table)` WHERE \(own[table]!)") ?? 0)
        }
        let mergedIds = Set(baseline.mergedBalances.keys.compactMap { Int64($0) })
        merge.balanceChecksumAfter = try balanceChecksum(excluding: mergedIds)
        // Every mapped user: account = ledger (new users), account − before = migrated ledger
        // (merged). Three grouped scans joined here: per-user subqueries take minutes at 1M rows.
        var ledger: [Int64: Int64] = [:]
        try connection.stream("""
            SELECT p.user_id, SUM(CASE WHEN p.transaction_type = 'earn' THEN p.points_amount ELSE -p.points_amount END)
            FROM legacy_id_map m JOIN points_records p ON p.record_id = m.v4_id
            WHERE m.table_name IN ('points_records', '\(MergeSQL.carryOver)') GROUP BY p.user_id
            """) { _, row in
            if let user = row[0].integer { ledger[user] = row[1].integer ?? 0 }
        }
        var accounts: [Int64: Int64] = [:]
        try connection.stream("SELECT user_id, COALESCE(SUM(available_points), 0) FROM user_points_accounts GROUP BY user_id") { _, row in
            if let user = row[0].integer { accounts[user] = row[1].integer ?? 0 }
        }
        try connection.stream("""
            SELECT u.legacy_id, u.v4_id, u.disposition, a.detail
            FROM legacy_id_map u LEFT JOIN legacy_id_map a ON a.table_name = '\(MergeSQL.accounts)' AND a.legacy_id = u.legacy_id
            WHERE u.table_name = 'users' ORDER BY u.legacy_id
            """) { _, row in
            guard let legacy = row[0].integer, let v4 = row[1].integer else { return }
            let account = accounts[v4] ?? 0
            var before: Int64 = 0
            var carried: Int64 = 0
            if let detail = row[3].text, let object = try? JSONValue.parse(detail).objectValue {
                before = object["balance_before"]?.intValue ?? 0
                carried = object["carried"]?.intValue ?? 0
            }
            if row[2].text == "merged" {
                merge.mergedUsers.append(.init(legacyId: legacy, v4Id: v4, balanceBefore: before, carried: carried, balanceAfter: account))
            }
            if account - before != ledger[v4] ?? 0 { merge.ledgerDisagreements.append(legacy) }
        }
        result.merge = merge
        return result
    }

    public func close() throws {}
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
#endif
