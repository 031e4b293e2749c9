/// Where legacy rows come from: a live MySQL/MariaDB server, a mysqldump file or a SQLite copy.
///
/// Sources stream: `scan` hands rows to `body` one at a time in a stable order (primary key for
/// databases, file order for dumps), so a checkpoint can say where a run stopped.
public protocol LegacySource: AnyObject {
    var description: String { get }
    /// What checkpoints record and `--resume` compares: for files, the absolute path, size and
    /// modification time, so a replaced file is not resumed as if it were the same.
    var identity: String { get }
    /// Rows of `table` after a checkpoint: databases continue after primary key `lastId` (rows
    /// added or removed meanwhile do not shift the position); a dump skips its first `skip`
    /// rows. A table the source does not have yields none.
    func scan(_ table: LegacyTable, skip: Int, after lastId: Int64?, _ body: (LegacyRow) throws -> Void) throws
    /// Rows in `table`, when the source can tell cheaply (for the ETA).
    func estimatedRows(_ table: LegacyTable) throws -> Int?
    /// Share of the running scan already read, when known better than by counting rows.
    var scanFraction: Double? { get }
    func close()
}

extension LegacySource {
    public var identity: String { description }

    public func scan(_ table: LegacyTable, skip: Int, _ body: (LegacyRow) throws -> Void) throws {
        try scan(table, skip: skip, after: nil, body)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `kind:/absolute/path (size bytes, modified epoch)` of a source file.
func fileIdentity(_ kind: String, _ path: String) -> String {
    var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let absolute = realpath(path, &resolved) != nil ? String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : path
    var info = stat()
    guard stat(path, &info) == 0 else { return "\(kind):\(absolute)" }
    return "\(kind):\(absolute) (\(info.st_size) bytes, modified \(info.st_mtim.tv_sec))"
}

public enum LegacySourceError: Error, CustomStringConvertible {
    case unreadable(String)
    case syntax(offset: Int, reason: String)
    case database(String)

    public var description: String {
        switch self {
        case .unreadable(let reason): reason
        case .syntax(let offset, let reason): "dump syntax error at byte \(offset): \(reason)"
        case .database(let message): message
        }
    }
}
