#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mysqldump file (or any file of CREATE TABLE and INSERT statements), streamed.
///
/// Opening it makes one pass that only splits statements, noting each legacy table's columns
/// (from CREATE TABLE) and the byte range of its INSERTs; a scan then reads just that range.
/// mysqldump writes every table's rows in primary-key order, so "the first N rows" is stable.
public final class MySQLDumpSource: LegacySource {
    struct TableSection {
        var columns: [String]?
        var start: Int?
        var end = 0
        var statements = 0
    }

    public let path: String
    private let descriptor: Int32
    private var sections: [String: TableSection] = [:]
    private var reader: DumpStatementReader?
    private var scanRange = (start: 0, end: 0)
    private var closed = false

    public var description: String { "dump:\(path)" }

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw LegacySourceError.unreadable("cannot open \(path): errno \(errno)") }
        do {
            try index()
        } catch {
            close()
            throw error
        }
        guard !sections.isEmpty else {
            close()
            throw LegacySourceError.unreadable(
                "\(path) has no CREATE TABLE or INSERT for users, products, upload_reviews or points_records")
        }
    }

    private func index() throws {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw LegacySourceError.unreadable("cannot stat \(path)") }
        let reader = DumpStatementReader(descriptor: descriptor, from: 0, to: Int(info.st_size))
        let wanted = Set(LegacyTable.allCases.map(\.name))
        while try reader.next({ statement, offset in
            var cursor = DumpCursor(statement, offset: offset)
            if cursor.keyword("INSERT") || cursor.keyword("REPLACE") {
                _ = cursor.keyword("LOW_PRIORITY") || cursor.keyword("DELAYED") || cursor.keyword("HIGH_PRIORITY")
                _ = cursor.keyword("IGNORE")
                _ = cursor.keyword("INTO")
                guard let name = cursor.tableName()?.lowercased(), wanted.contains(name) else { return }
                sections[name, default: TableSection()].start = sections[name]?.start ?? offset
                sections[name]!.end = offset + statement.count
                sections[name]!.statements += 1
            } else if cursor.keyword("CREATE") {
                _ = cursor.keyword("TEMPORARY")
                guard cursor.keyword("TABLE") else { return }
                if cursor.keyword("IF") { _ = cursor.keyword("NOT") && cursor.keyword("EXISTS") }
                guard let name = cursor.tableName()?.lowercased(), wanted.contains(name) else { return }
                sections[name, default: TableSection()].columns = try Self.columns(of: &cursor)
            }
        }) {}
    }

    /// Column names of a CREATE TABLE body, skipping keys and constraints.
    static func columns(of cursor: inout DumpCursor) throws -> [String] {
        guard cursor.expect(0x28) else { throw cursor.error("expected '(' after CREATE TABLE name") }
        let notColumns: Set<String> = ["PRIMARY", "UNIQUE", "KEY", "INDEX", "CONSTRAINT", "FULLTEXT", "SPATIAL", "CHECK",
                                       "FOREIGN", "PERIOD"]
        var columns: [String] = []
        repeat {
            cursor.skipSpace()
            let backticked = !cursor.atEnd && cursor.bytes[cursor.index] == 0x60
            guard let name = cursor.identifier() else { throw cursor.error("expected a column definition") }
            if backticked || !notColumns.contains(name.uppercased()) { columns.append(name) }
            cursor.skipElement()
        } while cursor.expect(0x2C)
        return columns
    }

    public func estimatedRows(_ table: LegacyTable) throws -> Int? { nil }

    public var scanFraction: Double? {
        guard let reader, scanRange.end > scanRange.start else { return nil }
        return Double(reader.offset - scanRange.start) / Double(scanRange.end - scanRange.start)
    }

    public var identity: String { fileIdentity("dump", path) }

    public func scan(_ table: LegacyTable, skip: Int, after lastId: Int64?, _ body: (LegacyRow) throws -> Void) throws {
        guard let section = sections[table.name], let start = section.start else { return }
        var layouts: [String: ColumnLayout] = [:]
        let defaultLayout = section.columns.map { ColumnLayout(table: table, sourceColumns: $0) }
        let reader = DumpStatementReader(descriptor: descriptor, from: start, to: section.end, endsAtStatement: true)
        self.reader = reader
        self.scanRange = (start, section.end)
        defer { self.reader = nil }
        var seen = 0
        while try reader.next({ statement, offset in
            var cursor = DumpCursor(statement, offset: offset)
            guard cursor.keyword("INSERT") || cursor.keyword("REPLACE") else { return }
            _ = cursor.keyword("LOW_PRIORITY") || cursor.keyword("DELAYED") || cursor.keyword("HIGH_PRIORITY")
            _ = cursor.keyword("IGNORE")
            _ = cursor.keyword("INTO")
            guard cursor.tableName()?.lowercased() == table.name else { return }
            var layout = defaultLayout
            if cursor.expect(0x28) {
                let names = try cursor.columnList()
                let key = names.joined(separator: ",")
                if layouts[key] == nil { layouts[key] = ColumnLayout(table: table, sourceColumns: names) }
                layout = layouts[key]
            }
            guard let layout else {
                throw cursor.error("INSERT INTO \(table.name) without a column list and no CREATE TABLE before it")
            }
            guard cursor.keyword("VALUES") || cursor.keyword("VALUE") else { throw cursor.error("expected VALUES") }
            var values: [LegacyValue] = []
            values.reserveCapacity(layout.sourceNames.count)
            repeat {
                guard cursor.expect(0x28) else { throw cursor.error("expected '(' to open a row") }
                values.removeAll(keepingCapacity: true)
                repeat { values.append(try cursor.value()) } while cursor.expect(0x2C)
                guard cursor.expect(0x29) else { throw cursor.error("expected ')' to close a row") }
                guard values.count == layout.sourceNames.count else {
                    throw cursor.error("row has \(values.count) values for \(layout.sourceNames.count) columns")
                }
                seen += 1
                if seen > skip { try body(layout.row(values)) }
            } while cursor.expect(0x2C)
            // `ON DUPLICATE KEY UPDATE …` or anything else would change what the rows mean.
            cursor.skipSpace()
            guard cursor.atEnd else { throw cursor.error("unexpected text after the rows of an INSERT") }
        }) {}
    }

    public func close() {
        guard !closed else { return }
        closed = true
        closeDescriptor(descriptor)
    }
}

private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
