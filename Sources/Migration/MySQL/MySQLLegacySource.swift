#if MySQL
/// The legacy tables on a live MySQL/MariaDB server, each streamed in primary-key order.
public final class MySQLLegacySource: LegacySource {
    private let connection: MySQLConnection
    private let location: MySQLLocation
    private var total = 0
    private var done = 0

    public var description: String { location.description }

    public init(location: MySQLLocation) throws {
        self.location = location
        connection = try MySQLConnection(location)
        // Old rows hold zero dates and '' enums: read them as stored, never converted.
        try connection.execute("SET SESSION sql_mode = ''")
    }

    private func exists(_ table: LegacyTable) throws -> Bool {
        try connection.integer(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '\(table.name)'") == 1
    }

    public func estimatedRows(_ table: LegacyTable) throws -> Int? {
        guard try exists(table) else { return 0 }
        return try connection.integer("SELECT COUNT(*) FROM `\(table.name)`").map(Int.init)
    }

    public var scanFraction: Double? { total > 0 ? Double(done) / Double(total) : nil }

    public func scan(_ table: LegacyTable, skip: Int, after lastId: Int64?, _ body: (LegacyRow) throws -> Void) throws {
        guard try exists(table) else { return }
        total = try estimatedRows(table) ?? 0
        done = skip
        var layout: ColumnLayout?
        try connection.stream(
            "SELECT * FROM `\(table.name)`" + (lastId.map { " WHERE `\(table.primaryKey)` > \($0)" } ?? "")
                + " ORDER BY `\(table.primaryKey)`"
        ) { names, values in
            if layout == nil { layout = ColumnLayout(table: table, sourceColumns: names) }
            try body(layout!.row(values))
            done += 1
        }
    }

    public func close() {}
}
#endif
