/// How far a table has got: committed in the same transaction as the rows it counts, so after a
/// crash it says exactly what the target holds. Also carries the "before" side of the
/// verification (legacy status values and sums of the rows read), so a resumed run reports the
/// whole table.
public struct TableProgress: Codable, Sendable, Equatable {
    public var table: LegacyTable
    public var read = 0
    public var written = 0
    public var rejected = 0
    public var lastLegacyId: Int64?
    /// Length of the reject file when this batch committed; a resumed run truncates to it.
    public var rejectFileOffset: Int64 = 0
    public var completed = false
    /// Wall-clock seconds spent on this table, summed over runs.
    public var seconds: Double = 0
    public var rejectsByReason: [String: Int] = [:]
    /// Legacy value counts of the table's status column, over every row read.
    public var legacyStatuses: [String: Int] = [:]
    /// Legacy sums over every row read (e.g. `points_awarded`, `earn`, `spend`).
    public var legacySums: [String: Int64] = [:]

    public init(table: LegacyTable) { self.table = table }

    public var balanced: Bool { read == written + rejected }
}
