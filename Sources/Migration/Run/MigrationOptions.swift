/// How a run behaves; the CLI's flags.
public struct MigrationOptions: Sendable {
    /// Tables to migrate, always run in dependency order.
    public var tables: [LegacyTable] = LegacyTable.allCases
    public var batchSize = 2000
    public var resume = false
    public var rejectFile: String?
    public var dryRun = false

    public init() {}
}
