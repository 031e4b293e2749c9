import BridgeKit
import MariaDB

/// `--from` / `--to` as given on the command line.
public enum MigrationEndpoint: Equatable, Sendable, CustomStringConvertible {
    case mysql(MySQLLocation)
    case dump(String)
    case sqlite(String)

    /// `mysql://…` / `mariadb://…`, `dump:path`, `sqlite:path`; a bare path ending in `.sql` is a dump.
    public init(_ text: String) throws {
        if text.hasPrefix("mysql://") || text.hasPrefix("mariadb://") {
            self = .mysql(try MySQLLocation(url: text))
        } else if text.hasPrefix("dump:") {
            self = .dump(String(text.dropFirst(5)))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(String(text.dropFirst(7)))
        } else if text.hasSuffix(".sql") {
            self = .dump(text)
        } else {
            throw MigrationError.usage("'\(text)' is not mysql://user:pass@host:port/db, dump:PATH or sqlite:PATH")
        }
    }

    public var description: String {
        switch self {
        case .mysql(let location): location.description
        case .dump(let path): "dump:\(path)"
        case .sqlite(let path): "sqlite:\(path)"
        }
    }
}

extension MigrationEndpoint {
    /// Opens the endpoint as a legacy source.
    public func openSource() throws -> any LegacySource {
        switch self {
        case .dump(let path): return try MySQLDumpSource(path: path)
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw MigrationError.usage("no such file: \(path)") }
            return try SQLiteLegacySource(path: path)
        case .mysql(let location):
            #if MySQL
            return try MySQLLegacySource(location: location)
            #else
            _ = location
            throw MigrationError.usage("this build has no MySQL client: build with `swift build --traits MySQL`")
            #endif
        }
    }

    /// Opens the endpoint as the target: a SQLite file, the unified schema in an empty MySQL
    /// database, or — when the database holds V4's own tables — the merge into them.
    public func openTarget(_ options: MigrationOptions = MigrationOptions()) throws -> any MigrationTarget {
        switch self {
        case .sqlite(let path): return try SQLiteTarget(path: path)
        case .dump: throw MigrationError.usage("a dump file cannot be a target: use sqlite:PATH or mysql://…")
        case .mysql(let location):
            #if MySQL
            let merge = try MySQLMergeTarget(location: location, options: options)
            if merge.kind == .v4 { return merge }
            return try MySQLTarget(location: location)
            #else
            _ = location
            _ = options
            throw MigrationError.usage("this build has no MySQL client: build with `swift build --traits MySQL`")
            #endif
        }
    }
}
