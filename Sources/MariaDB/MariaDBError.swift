/// What the MariaDB client reports: a location it cannot parse, a connection it cannot open, or
/// the server's answer to a statement (with its error number).
public enum MariaDBError: Error, CustomStringConvertible, Equatable {
    case usage(String)
    case database(String)
    case server(code: UInt32, message: String)

    public var description: String {
        switch self {
        case .usage(let message), .database(let message), .server(_, let message): message
        }
    }

    /// The connection is gone (2006 server has gone away, 2013 lost during query, 2055): a fresh
    /// connection may succeed.
    public var isConnectionLost: Bool {
        if case .server(let code, _) = self { return code == 2006 || code == 2013 || code == 2055 }
        return false
    }

    /// InnoDB gave up on this transaction (1213 deadlock, 1205 lock wait timeout): running it
    /// again may succeed.
    public var isRetryableTransaction: Bool {
        if case .server(let code, _) = self { return code == 1213 || code == 1205 }
        return false
    }
}
