/// How far a table has got: committed in the same transaction as the rows it counts, so after a
/// crash it says exactly what the target holds. Also carries the "before" side of the
/// verification (legacy status values and sums of the rows read), so a resumed run reports the
/// whole table.
public struct TableProgress: Codable, Sendable, Equatable {
    public var table: LegacyTable
    public var read = 0
    public var written = 0
    public var rejected = 0
    /// Of `written`, the rows merged into a row the target already had (a V4 user with the
    /// legacy user's mobile) rather than added.
    public var merged = 0
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

    enum CodingKeys: String, CodingKey {
        case table, read, written, rejected, merged, lastLegacyId, rejectFileOffset, completed, seconds, rejectsByReason
        case legacyStatuses, legacySums
    }

    /// Checkpoints written before `merged` existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        table = try c.decode(LegacyTable.self, forKey: .table)
        read = try c.decode(Int.self, forKey: .read)
        written = try c.decode(Int.self, forKey: .written)
        rejected = try c.decode(Int.self, forKey: .rejected)
        merged = try c.decodeIfPresent(Int.self, forKey: .merged) ?? 0
        lastLegacyId = try c.decodeIfPresent(Int64.self, forKey: .lastLegacyId)
        rejectFileOffset = try c.decodeIfPresent(Int64.self, forKey: .rejectFileOffset) ?? 0
        completed = try c.decodeIfPresent(Bool.self, forKey: .completed) ?? false
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
        rejectsByReason = try c.decodeIfPresent([String: Int].self, forKey: .rejectsByReason) ?? [:]
        legacyStatuses = try c.decodeIfPresent([String: Int].self, forKey: .legacyStatuses) ?? [:]
        legacySums = try c.decodeIfPresent([String: Int64].self, forKey: .legacySums) ?? [:]
    }

    public var balanced: Bool { read == written + rejected }
}
