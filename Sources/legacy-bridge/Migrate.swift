import ArgumentParser
import Foundation
import ServerKit
import Migration

/// `legacy-bridge migrate`: legacy tables into the unified schema (Docs/migration.md).
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate the legacy users, PhotoReview, CommodityPool and PointsRecord tables into the unified schema.")

    @Option(help: "Legacy data: mysql://user:pass@host:port/db, dump:PATH (mysqldump file) or sqlite:PATH.")
    var from: String
    @Option(help: "Unified schema: sqlite:PATH or mysql://user:pass@host:port/db.")
    var to = "sqlite:./data/legacy-bridge.sqlite"
    @Flag(help: "Convert and validate every row against the target as it is, write only the report.") var dryRun = false
    @Flag(help: "Only the preflight: read the target and the source's keys, say what a run would do, write nothing.")
    var check = false
    @Option(help: "A legacy user whose mobile the V4 database already has: merge (attach their history) or reject.")
    var onSharedMobile = "merge"
    @Option(help: "A value longer than its target column: truncate (kept whole in legacy_extras) or reject the row.")
    var onLongValue = "truncate"
    @Flag(help: "Create V4's `user` role when the target has none.") var createRoles = false
    @Flag(help: "Continue after the last committed batch of an interrupted run.") var resume = false
    @Option(help: "Rows per committed batch.") var batchSize = 2000
    @Option(help: "JSON-lines file for rows that cannot be converted (default: migration-rejects.jsonl; none on --dry-run).")
    var rejectFile: String?
    @Option(help: "Write the JSON report here.") var report: String?
    @Option(parsing: .upToNextOption, help: "Only these tables (users, products, upload_reviews, points_records).")
    var only: [String] = []
    @Option(help: "Zone of the legacy DATETIME values (Z, +08:00, …).") var legacyTimezone = "Z"
    @Option(help: "Directory of the mapping files.") var mappings: String?

    func run() throws {
        // The unified database it writes holds the same personal data the server's does.
        PrivateFiles.restrictNewFiles()
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard let dates = LegacyDateTime(zone: legacyTimezone) else {
            throw ValidationError("--legacy-timezone must look like Z, +08:00 or -05:30")
        }
        var options = MigrationOptions()
        options.batchSize = batchSize
        options.resume = resume
        options.dryRun = dryRun
        options.rejectFile = rejectFile ?? (dryRun ? nil : "migration-rejects.jsonl")
        if !only.isEmpty {
            options.tables = try only.map { name in
                guard let table = LegacyTable(rawValue: name) else {
                    throw ValidationError("unknown table '\(name)' (users, products, upload_reviews, points_records)")
                }
                return table
            }
        }
        guard !(dryRun && resume) else { throw ValidationError("--dry-run writes nothing, so there is nothing to resume") }
        guard let sharedMobile = SharedMobilePolicy(rawValue: onSharedMobile) else {
            throw ValidationError("--on-shared-mobile is merge or reject")
        }
        guard let longValues = LongValuePolicy(rawValue: onLongValue) else {
            throw ValidationError("--on-long-value is truncate or reject")
        }
        options.sharedMobile = sharedMobile
        options.longValues = longValues
        options.createRoles = createRoles
        options.dryRun = dryRun || check
        let rules = try ConversionRules.load(directory: try MappingsLocator.resolve(mappings))
        let sourceEndpoint = try MigrationEndpoint(from)
        let targetEndpoint = try MigrationEndpoint(to)

        let source = try sourceEndpoint.openSource()
        defer { source.close() }
        // A MySQL target is opened (and read) even for a dry run or a check: a server that is
        // not there fails here, before any row is read.
        var opened: (any MigrationTarget)?
        if case .mysql = targetEndpoint { opened = try targetEndpoint.openTarget(options) }
        if check {
            let target = try opened ?? targetEndpoint.openTarget(options)
            defer { try? target.close() }
            guard let report = try target.preflight(source) else {
                print("\(targetEndpoint): a SQLite file; the unified schema is created or upgraded, nothing to check")
                return
            }
            print(report.render(), terminator: "")
            if let path = self.report {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                try String(decoding: try encoder.encode(report), as: UTF8.self).write(toFile: path, atomically: true, encoding: .utf8)
            }
            if !report.passed { throw ExitCode(1) }
            return
        }
        // A merge target plans a dry run against the real rows and writes nothing itself.
        if dryRun, let other = opened, !other.isMerge {
            // The unified schema: its preflight now, the rows into a scratch database below.
            if let report = try other.preflight(source) {
                FileHandle.standardError.write(Data(report.render().utf8))
                if !report.passed { throw ExitCode(1) }
            }
            try other.close()
            opened = nil
        }
        // A dry run into SQLite or an empty MySQL database writes into a scratch database, so
        // the schema's constraints and the verification queries see every row.
        let scratch = dryRun && opened == nil ? FileManager.default.temporaryDirectory.appendingPathComponent(
            "legacy-bridge-dry-run-\(ProcessInfo.processInfo.processIdentifier).sqlite").path : nil
        defer {
            if let scratch {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
            }
        }
        if scratch != nil && !options.tables.contains(.users) {
            options.referenceUsers = try Self.migratedUsers(in: targetEndpoint)
        }
        let target = try scratch.map { try SQLiteTarget(path: $0) } ?? opened ?? targetEndpoint.openTarget(options)
        let display = MigrationDisplay(terminal: isatty(STDERR_FILENO) == 1)
        let migrator = Migrator(source: source, target: target, rules: rules, dates: dates, options: options,
                                observer: display)
        let result: MigrationReport
        do {
            result = try migrator.run()
            try target.close()
        } catch {
            try? target.close()
            throw error
        }
        print(MigrationSummary.render(result), terminator: "")
        if let report {
            try result.json().write(toFile: report, atomically: true, encoding: .utf8)
        }
    }

    /// Users an earlier run wrote into the real target, read without changing it (for dry runs).
    static func migratedUsers(in endpoint: MigrationEndpoint) throws -> Set<Int64> {
        if case .sqlite(let path) = endpoint, !FileManager.default.fileExists(atPath: path) { return [] }
        let target = try endpoint.openTarget()
        defer { try? target.close() }
        return (try? target.userIds()) ?? []
    }
}
