/// What the MariaDB client reports: a location it cannot parse, or the server's own message.
public enum MariaDBError: Error, CustomStringConvertible, Equatable {
    case usage(String)
    case database(String)

    public var description: String {
        switch self {
        case .usage(let message), .database(let message): message
        }
    }
}
