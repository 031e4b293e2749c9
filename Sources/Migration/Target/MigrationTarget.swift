/// Where migrated rows go: the unified schema in SQLite or in MySQL/MariaDB.
///
/// Every write is a batch committed together with its table's progress, which is what makes a
/// killed run resumable without duplicates or gaps.
public protocol MigrationTarget: AnyObject {
    var description: String { get }
    /// Reads the target (and the source's keys) and says what the run will do, writing
    /// nothing; nil for a target with nothing to check (a SQLite file the run creates).
    func preflight(_ source: any LegacySource) throws -> MergePreflight?
    /// Creates the unified schema (if missing) and the checkpoint table.
    func prepare() throws
    func roleIds() throws -> [String: Int64]
    /// Users already in the target: the references the later tables are checked against.
    func userIds() throws -> Set<Int64>
    /// Committed progress per table; throws when it was written for another source.
    func loadProgress(source: String) throws -> [LegacyTable: TableProgress]
    func clearProgress(_ tables: [LegacyTable]) throws
    /// Upserts each legacy row's unified rows and stores the progress, in one transaction.
    ///
    /// A group whose first row breaks a constraint of the target (a mobile or upload id already
    /// held by another row, or an id held by a row V4 created) is skipped; `progress` receives
    /// those groups' indexes and why, and returns the progress to store with the batch.
    func commit(_ groups: [[TargetRow]], source: String, progress: (CommitOutcome) throws -> TableProgress) throws
    /// Called before the first batch and after the last: a target may set aside work that is
    /// cheaper done once at the end (SQLite rebuilds its secondary indexes).
    func beginBulkLoad() throws
    func endBulkLoad() throws
    /// Derives each migrated user's account from their migrated ledger.
    func deriveAccounts() throws
    func verify() throws -> TargetVerification
    func close() throws
    var isMerge: Bool { get }
}

extension MigrationTarget {
    public func preflight(_ source: any LegacySource) throws -> MergePreflight? { nil }
    /// Whether rows are merged into a V4 database (a dry run then plans against it).
    public var isMerge: Bool { false }
    public func beginBulkLoad() throws {}
    public func endBulkLoad() throws {}
}

/// What a target did with a batch besides writing it: the groups it rejected (by index, with
/// why) and how many it merged into rows the target already had.
public struct CommitOutcome: Sendable {
    public var rejections: [Int: Rejection]
    public var merged: Int

    public init(rejections: [Int: Rejection] = [:], merged: Int = 0) {
        self.rejections = rejections
        self.merged = merged
    }
}

public enum MigrationTargetError: Error, CustomStringConvertible {
    case otherSource(recorded: String, requested: String)
    case database(String)
    case preflight(MergePreflight)

    public var description: String {
        switch self {
        case .otherSource(let recorded, let requested):
            "the target's checkpoints belong to \(recorded), not \(requested): run without --resume to start over"
        case .database(let message): message
        case .preflight(let report): report.render()
        }
    }
}
