import GRDB

/// A SQLite copy of the legacy tables (same names and columns as the MySQL originals).
public final class SQLiteLegacySource: LegacySource {
    public let path: String
    private let queue: DatabaseQueue
    private var total = 0
    private var done = 0

    public var description: String { "sqlite:\(path)" }

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    private func exists(_ table: LegacyTable, _ db: Database) throws -> Bool { try db.tableExists(table.name) }

    public func estimatedRows(_ table: LegacyTable) throws -> Int? {
        try queue.read { db in try exists(table, db) ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") : 0 }
    }

    public var scanFraction: Double? { total > 0 ? Double(done) / Double(total) : nil }

    public var identity: String { fileIdentity("sqlite", path) }

    public func scan(_ table: LegacyTable, skip: Int, after lastId: Int64?, _ body: (LegacyRow) throws -> Void) throws {
        try queue.read { db in
            guard try exists(table, db) else { return }
            total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0
            done = skip
            let key = table.primaryKey
            let statement = try db.makeStatement(
                sql: "SELECT * FROM \(table.name) WHERE ? IS NULL OR \(key) > ? ORDER BY \(key)")
            let layout = ColumnLayout(table: table, sourceColumns: statement.columnNames)
            let cursor = try Row.fetchCursor(statement, arguments: [lastId, lastId])
            var values: [LegacyValue] = []
            while let row = try cursor.next() {
                values.removeAll(keepingCapacity: true)
                for index in 0..<row.count { values.append(Self.value(row[index] as DatabaseValue)) }
                try body(layout.row(values))
                done += 1
            }
        }
    }

    static func value(_ value: DatabaseValue) -> LegacyValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .decimal(String(number))
        case .string(let text): .text(text)
        case .blob(let data): .bytes(Array(data))
        }
    }

    public func close() { try? queue.close() }
}
