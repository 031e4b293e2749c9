/// How a run behaves; the CLI's flags.
public struct MigrationOptions: Sendable {
    /// Tables to migrate, always run in dependency order.
    public var tables: [LegacyTable] = LegacyTable.allCases
    public var batchSize = 2000
    public var resume = false
    public var rejectFile: String?
    public var dryRun = false
    /// Users migrated earlier that references may point to besides the target's own (a dry run
    /// of `--only points_records` checks against the real target's users this way).
    public var referenceUsers: Set<Int64> = []

    public init() {}
}
