import BridgeKit

/// A MySQL/MariaDB server and database: `mysql://user:pass@host:port/db[?socket=/path]`.
public struct MySQLLocation: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var socket: String?

    public init(user: String, password: String?, host: String, port: Int = 3306, database: String, socket: String? = nil) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.socket = socket
    }

    public init(url: String) throws {
        let normalised = url.hasPrefix("mariadb://") ? "mysql://" + url.dropFirst("mariadb://".count) : url
        guard let components = URLComponents(string: normalised), let host = components.host,
            components.path.count > 1
        else {
            throw MariaDBError.usage("'\(url)' is not mysql://user:pass@host:port/database")
        }
        self.init(
            user: components.percentEncodedUser?.removingPercentEncoding ?? "root",
            password: components.percentEncodedPassword?.removingPercentEncoding,
            host: host, port: components.port ?? 3306, database: String(components.path.dropFirst()),
            socket: components.queryItems?.first(where: { $0.name == "socket" })?.value)
    }

    /// Without the password, for logs and checkpoints.
    public var description: String {
        "mysql://\(user)@\(host):\(port)/\(database)" + (socket.map { "?socket=\($0)" } ?? "")
    }
}
