/// Where migrated rows go: the unified schema in SQLite or in MySQL/MariaDB.
///
/// Every write is a batch committed together with its table's progress, which is what makes a
/// killed run resumable without duplicates or gaps.
public protocol MigrationTarget: AnyObject {
    var description: String { get }
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
    func commit(_ groups: [[TargetRow]], source: String, progress: ([Int: Rejection]) throws -> TableProgress) throws
    /// Called before the first batch and after the last: a target may set aside work that is
    /// cheaper done once at the end (SQLite rebuilds its secondary indexes).
    func beginBulkLoad() throws
    func endBulkLoad() throws
    /// Derives each migrated user's account from their migrated ledger.
    func deriveAccounts() throws
    func verify() throws -> TargetVerification
    func close() throws
}

extension MigrationTarget {
    public func beginBulkLoad() throws {}
    public func endBulkLoad() throws {}
}

public enum MigrationTargetError: Error, CustomStringConvertible {
    case otherSource(recorded: String, requested: String)
    case database(String)

    public var description: String {
        switch self {
        case .otherSource(let recorded, let requested):
            "the target's checkpoints belong to \(recorded), not \(requested): run without --resume to start over"
        case .database(let message): message
        }
    }
}
