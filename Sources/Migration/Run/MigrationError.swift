/// Failures of a run as a whole (a row's failure is a `Rejection`, not an error).
public enum MigrationError: Error, CustomStringConvertible {
    case io(String)
    case unbalanced(table: String, read: Int, written: Int, rejected: Int)
    case usage(String)

    public var description: String {
        switch self {
        case .io(let message), .usage(let message): message
        case .unbalanced(let table, let read, let written, let rejected):
            "\(table): read \(read) ≠ written \(written) + rejected \(rejected)"
        }
    }
}
