/// One legacy row in the contract's column order, plus any columns the contract does not know
/// (kept so they can land in `legacy_extras`).
public struct LegacyRow: Sendable, Equatable {
    public var table: LegacyTable
    public var values: [LegacyValue]
    public var unknownColumns: [(name: String, value: LegacyValue)]

    public init(table: LegacyTable, values: [LegacyValue], unknownColumns: [(name: String, value: LegacyValue)] = []) {
        precondition(values.count == table.columns.count, "row of \(table.name) needs \(table.columns.count) values")
        self.table = table
        self.values = values
        self.unknownColumns = unknownColumns
    }

    public subscript(column: UserColumn) -> LegacyValue { values[column.rawValue] }
    public subscript(column: UploadReviewColumn) -> LegacyValue { values[column.rawValue] }
    public subscript(column: ProductColumn) -> LegacyValue { values[column.rawValue] }
    public subscript(column: PointsRecordColumn) -> LegacyValue { values[column.rawValue] }

    /// The primary key, when it is an integer.
    public var legacyId: Int64? { values[0].integer }

    public static func == (lhs: LegacyRow, rhs: LegacyRow) -> Bool {
        lhs.table == rhs.table && lhs.values == rhs.values
            && lhs.unknownColumns.map(\.name) == rhs.unknownColumns.map(\.name)
            && lhs.unknownColumns.map(\.value) == rhs.unknownColumns.map(\.value)
    }
}

/// Places a source's columns (in the source's order) into the contract's order.
public struct ColumnLayout: Sendable {
    public let table: LegacyTable
    /// For each source column: its contract position, or nil when the contract does not have it.
    public let positions: [Int?]
    public let sourceNames: [String]

    public init(table: LegacyTable, sourceColumns: [String]) {
        self.table = table
        self.sourceNames = sourceColumns
        let contract = table.columns
        self.positions = sourceColumns.map { name in contract.firstIndex(of: name.lowercased()) }
    }

    public func row(_ sourceValues: [LegacyValue]) -> LegacyRow {
        var values = [LegacyValue](repeating: .null, count: table.columns.count)
        var unknown: [(name: String, value: LegacyValue)] = []
        for (index, value) in sourceValues.enumerated() where index < positions.count {
            if let position = positions[index] {
                values[position] = value
            } else {
                unknown.append((sourceNames[index], value))
            }
        }
        return LegacyRow(table: table, values: values, unknownColumns: unknown)
    }
}
