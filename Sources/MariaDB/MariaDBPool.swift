#if MySQL
import Synchronization

/// Connections to one database, reused: a caller takes an idle one (or opens one), uses it
/// alone, and gives it back. A connection that lost the server is dropped and the work tried
/// once more on a fresh one; at most `maxIdle` idle connections are kept.
public final class MariaDBPool: Sendable {
    public let location: MySQLLocation
    public let maxIdle: Int
    private let idle = Mutex<[Held]>([])

    /// One connection, used by one caller at a time (the pool hands it out alone).
    private final class Held: @unchecked Sendable {
        let connection: MariaDBConnection
        init(_ connection: MariaDBConnection) { self.connection = connection }
    }

    public init(_ location: MySQLLocation, maxIdle: Int = 8) {
        self.location = location
        self.maxIdle = max(1, maxIdle)
    }

    /// Runs `body` on a connection of its own. An idle connection the server has closed
    /// meanwhile (`wait_timeout`: 2006, nothing was run) is replaced and `body` run once more;
    /// any other failure is the caller's.
    public func withConnection<T>(_ body: (MariaDBConnection) throws -> T) throws -> T {
        var retried = false
        while true {
            let reused = idle.withLock { $0.popLast() }
            let held = try reused ?? Held(MariaDBConnection(location))
            do {
                let value = try body(held.connection)
                idle.withLock { if $0.count < maxIdle { $0.append(held) } }
                return value
            } catch let error as MariaDBError where error.isConnectionLost {
                guard reused != nil, !retried, case .server(2006, _) = error else { throw error }
                retried = true
            } catch {
                // The statement failed, the connection is fine: back to the pool.
                idle.withLock { if $0.count < maxIdle { $0.append(held) } }
                throw error
            }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws;
    /// run again (up to three times) when InnoDB picked it as a deadlock's victim.
    public func transaction<T>(_ body: (MariaDBConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try withConnection { connection in
                    try connection.execute("START TRANSACTION")
                    do {
                        let value = try body(connection)
                        try connection.execute("COMMIT")
                        return value
                    } catch {
                        try? connection.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as MariaDBError where error.isRetryableTransaction && attempt < 3 {
                continue
            }
        }
    }
}
#endif
