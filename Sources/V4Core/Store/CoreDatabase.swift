import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The embedded store: one SQLite file in WAL mode, one writer and many readers.
public struct CoreDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) `<dataDirectory>/legacy-bridge.sqlite` and applies pending migrations.
    public init(dataDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try self.init(path: dataDirectory + "/legacy-bridge.sqlite")
    }

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        try UnifiedSchema.migrator.migrate(pool)
    }

    public func read<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.read(work)
    }

    /// One transaction: every balance change goes through here.
    public func write<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.write(work)
    }
}
