@_exported import MariaDB

/// A value read from a legacy table: the MariaDB client's value type, which the dump parser
/// and the SQLite source produce too.
public typealias LegacyValue = MariaDBValue

#if MySQL
/// The migrator's connections are the shared MariaDB client's (Sources/MariaDB/).
typealias MySQLConnection = MariaDBConnection

extension MariaDBConnection {
    /// A value as an SQL literal.
    func literal(_ value: TargetValue) -> String {
        switch value {
        case .null: "NULL"
        case .int(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): quoted(text)
        }
    }
}
#endif
