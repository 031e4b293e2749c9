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
    /// Merging into a V4 database: a legacy user whose mobile V4 already has.
    public var sharedMobile: SharedMobilePolicy = .merge
    /// A value longer than its target column.
    public var longValues: LongValuePolicy = .truncate
    /// Create the V4 `user` role when the target has none (never `merchant`: that is the bridge's).
    public var createRoles = false

    public init() {}
}
