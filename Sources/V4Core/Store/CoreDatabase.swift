import ServerKit
import BridgeKit
import V4Contract
import GRDB

/// The embedded store: one SQLite file in WAL mode, one writer and many readers.
public struct CoreDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String
    /// Held while anything uses this database (every service keeps a copy): no second server
    /// on the same data directory. Nil for a database opened by path.
    public let lock: DataDirectoryLock?

    /// Locks the data directory, opens (creating if needed) `<dataDirectory>/legacy-bridge.sqlite`
    /// and applies pending migrations.
    public init(dataDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let lock = try DataDirectoryLock(dataDirectory: dataDirectory)
        try self.init(path: dataDirectory + "/legacy-bridge.sqlite", lock: lock)
    }

    public init(path: String) throws {
        try self.init(path: path, lock: nil)
    }

    private init(path: String, lock: DataDirectoryLock?) throws {
        self.lock = lock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoint every 4,000 WAL pages (16 MB) rather than SQLite's 1,000: a draw rewrites
            // the same hot pages (the account, the counters, the index tails), and each
            // checkpoint copies each of them once; at 1,000 checkpoints were 9 % of the
            // writer's time (Docs/performance.md). The WAL file is cut back to 16 MB after.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            try db.execute(sql: "PRAGMA journal_size_limit = 16777216")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        try UnifiedSchema.migrator.migrate(pool)
    }

    /// A read on the calling thread. GRDB's async `read` hops onto a reader's dispatch queue and
    /// back for every read, and on this machine that hop (two thread switches and a semaphore)
    /// cost more than the reads themselves: ~150 µs of wall time per request whatever it read.
    /// The synchronous read borrows a reader connection and runs the block right here
    /// (`dispatch_sync` onto an idle serial queue runs in place). It holds the cooperative
    /// thread for the read's CPU time only: in WAL mode a read never waits for the writer, and
    /// the reader pool (5) is larger than the cooperative pool, so the borrow does not wait
    /// either. Every read here is a few indexed statements; nothing long runs through it.
    public func read<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try readInPlace(work)
    }

    /// A read that is one statement, on the calling thread like `read`, without a transaction
    /// around it. SQLite runs every statement in a snapshot of its own, so for a single statement
    /// `BEGIN`/`COMMIT` isolate nothing and cost two more statements and GRDB's savepoint
    /// bookkeeping: ~4 % of `/api/user/info`, whose statistics are one statement. A block
    /// that runs two statements must use `read`: between them the writer may commit.
    public func readStatement<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try readStatementInPlace(work)
    }

    private func readStatementInPlace<T>(_ work: (Database) throws -> T) throws -> T {
        try pool.unsafeRead(work)
    }

    /// Synchronous, so the synchronous `DatabasePool.read` is the one called.
    private func readInPlace<T>(_ work: (Database) throws -> T) throws -> T {
        try pool.read(work)
    }

    /// One transaction: every balance change goes through here.
    public func write<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.write(work)
    }
}
