import BridgeKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reject file: one JSON line per row that was not written (table, legacy id, column,
/// reason, the raw row). Lines are buffered and written just before the batch that counts them
/// commits; `length` is stored with the checkpoint so a resumed run can cut off lines whose
/// batch never committed.
final class RejectFile {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private(set) var length: Int64

    /// Opens `path`, cut to `keeping` bytes (0 starts a new file).
    init(path: String, keeping: Int64) throws {
        descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw MigrationError.io("cannot open the reject file \(path): errno \(errno)") }
        var info = stat()
        fstat(descriptor, &info)
        length = min(keeping, Int64(info.st_size))
        // Only a regular file can be cut back (a reject "file" may be /dev/null or a pipe).
        if info.st_mode & S_IFMT == S_IFREG {
            guard ftruncate(descriptor, off_t(length)) == 0, lseek(descriptor, off_t(length), SEEK_SET) >= 0 else {
                throw MigrationError.io("cannot truncate the reject file \(path): errno \(errno)")
            }
        }
    }

    func add(_ row: LegacyRow, _ rejection: Rejection) {
        var raw = JSONObject()
        for (name, value) in zip(row.table.columns, row.values) { raw[name] = LegacyExtras.json(value) }
        for (name, value) in row.unknownColumns { raw[name] = LegacyExtras.json(value) }
        var line = JSONObject()
        line["table"] = .string(row.table.name)
        line["legacy_id"] = row.legacyId.map { .int($0) } ?? LegacyExtras.json(row.values[0])
        line["column"] = .string(rejection.column)
        line["reason"] = .string(rejection.reason)
        line["row"] = .object(raw)
        pending.append(contentsOf: JSONValue.object(line).serialized().utf8)
        pending.append(0x0A)
    }

    /// Writes the buffered lines; the new length is what the next checkpoint records.
    func flush() throws {
        guard !pending.isEmpty else { return }
        let written = pending.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == pending.count else { throw MigrationError.io("cannot write the reject file: errno \(errno)") }
        length += Int64(written)
        pending.removeAll(keepingCapacity: true)
    }

    deinit { _ = close(descriptor) }
}
