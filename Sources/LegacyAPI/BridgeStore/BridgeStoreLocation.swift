import MariaDB

/// `serve --state`: a directory for the SQLite store (one instance), or `mysql://…` /
/// `mariadb://…` for the store several instances share.
public enum BridgeStoreLocation: Equatable, Sendable, CustomStringConvertible {
    case directory(String)
    case mysql(MySQLLocation)

    public init(_ text: String) throws {
        if text.hasPrefix("mysql://") || text.hasPrefix("mariadb://") {
            self = .mysql(try MySQLLocation(url: text))
        } else {
            self = .directory(text)
        }
    }

    public var description: String {
        switch self {
        case .directory(let path): path + "/bridge.sqlite"
        case .mysql(let location): location.description
        }
    }

    /// Opens the store. `exclusive`: a serving process's hold on a SQLite directory.
    public func open(exclusive: Bool = true) throws -> any BridgeStore {
        switch self {
        case .directory(let path): return try SQLiteBridgeStore(directory: path, exclusive: exclusive)
        case .mysql(let location):
            #if MySQL
            return try MySQLBridgeStore(location: location)
            #else
            _ = location
            throw MariaDBError.usage("this build has no MySQL client: build with `swift build --traits MySQL` for --state mysql://…")
            #endif
        }
    }
}
