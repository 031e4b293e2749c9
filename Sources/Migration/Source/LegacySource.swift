/// Where legacy rows come from: a live MySQL/MariaDB server, a mysqldump file or a SQLite copy.
///
/// Sources stream: `scan` hands rows to `body` one at a time in a stable order (primary key for
/// databases, file order for dumps), so a checkpoint can say "the first N rows are done".
public protocol LegacySource: AnyObject {
    var description: String { get }
    /// Rows of `table`, skipping the first `skip`; a table the source does not have yields none.
    func scan(_ table: LegacyTable, skip: Int, _ body: (LegacyRow) throws -> Void) throws
    /// Rows in `table`, when the source can tell cheaply (for the ETA).
    func estimatedRows(_ table: LegacyTable) throws -> Int?
    /// Share of the running scan already read, when known better than by counting rows.
    var scanFraction: Double? { get }
    func close()
}

public enum LegacySourceError: Error, CustomStringConvertible {
    case unreadable(String)
    case syntax(offset: Int, reason: String)
    case missingColumns(table: String, columns: [String])
    case database(String)

    public var description: String {
        switch self {
        case .unreadable(let reason): reason
        case .syntax(let offset, let reason): "dump syntax error at byte \(offset): \(reason)"
        case .missingColumns(let table, let columns):
            "\(table) lacks the contract's columns \(columns.joined(separator: ", "))"
        case .database(let message): message
        }
    }
}
