/// The tables and columns a target database actually has, read from `information_schema`
/// before anything is written: what the merge writes, truncates or keeps aside is decided from
/// this, never from what the migrator would like the target to be.
public struct TargetSchema: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// `varchar`, `int`, `enum`, `datetime`, … (information_schema DATA_TYPE).
        public var dataType: String
        /// The full type (`enum('active','inactive')`, `int(10) unsigned`).
        public var columnType: String
        public var nullable: Bool
        public var hasDefault: Bool
        public var autoIncrement: Bool
        /// Characters a text column holds, and bytes (TEXT types are limited by bytes).
        public var maxCharacters: Int64?
        public var maxBytes: Int64?

        public init(name: String, dataType: String, columnType: String, nullable: Bool, hasDefault: Bool,
                    autoIncrement: Bool, maxCharacters: Int64? = nil, maxBytes: Int64? = nil) {
            self.name = name
            self.dataType = dataType.lowercased()
            self.columnType = columnType
            self.nullable = nullable
            self.hasDefault = hasDefault
            self.autoIncrement = autoIncrement
            self.maxCharacters = maxCharacters
            self.maxBytes = maxBytes
        }

        /// The allowed values of an ENUM column; nil for other types.
        public var enumValues: [String]? {
            guard dataType == "enum", let open = columnType.firstIndex(of: "("), columnType.hasSuffix(")") else { return nil }
            var values: [String] = []
            var current = ""
            var inQuote = false
            var chars = columnType[columnType.index(after: open)..<columnType.index(before: columnType.endIndex)].makeIterator()
            while let char = chars.next() {
                if inQuote {
                    if char == "'" {
                        // '' inside a quoted value is one quote
                        var lookahead = chars
                        if lookahead.next() == "'" { current.append("'"); chars = lookahead; continue }
                        inQuote = false
                        values.append(current)
                        current = ""
                    } else if char == "\\" {
                        if let next = chars.next() { current.append(next) }
                    } else {
                        current.append(char)
                    }
                } else if char == "'" {
                    inQuote = true
                }
            }
            return values
        }

        /// The integer range of an integer column (signed or unsigned), nil for other types.
        public var integerRange: ClosedRange<Int64>? {
            let unsigned = columnType.lowercased().contains("unsigned")
            let bits: Int64
            switch dataType {
            case "tinyint": bits = 8
            case "smallint": bits = 16
            case "mediumint": bits = 24
            case "int", "integer": bits = 32
            case "bigint": return unsigned ? 0...Int64.max : Int64.min...Int64.max
            default: return nil
            }
            return unsigned ? 0...((1 << bits) - 1) : (-(1 << (bits - 1)))...((1 << (bits - 1)) - 1)
        }

        var isText: Bool { maxCharacters != nil || ["varchar", "char", "text", "tinytext", "mediumtext", "longtext"].contains(dataType) }

        /// NOT NULL, no default and not filled by the database: an INSERT must name it.
        public var required: Bool { !nullable && !hasDefault && !autoIncrement }
    }

    public struct Table: Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        /// Unique keys (the primary key included), each as its column list.
        public var uniqueKeys: [[String]]

        public init(name: String, columns: [Column], uniqueKeys: [[String]] = []) {
            self.name = name
            self.columns = columns
            self.uniqueKeys = uniqueKeys
        }

        public subscript(column: String) -> Column? { columns.first { $0.name == column } }

        public var autoIncrementColumn: String? { columns.first(where: \.autoIncrement)?.name }

        public func isUnique(_ column: String) -> Bool { uniqueKeys.contains([column]) }
    }

    public var tables: [String: Table]

    public init(tables: [String: Table]) { self.tables = tables }

    public subscript(table: String) -> Table? { tables[table] }

    public var isEmpty: Bool { tables.isEmpty }
}

/// What happens to a value too long for its target column.
public enum LongValuePolicy: String, Sendable, CaseIterable {
    /// Shortened in the column, kept whole in `legacy_extras`.
    case truncate
    /// The row goes to the reject file.
    case reject
}

/// What happens to a legacy user whose mobile a V4 user already has.
public enum SharedMobilePolicy: String, Sendable, CaseIterable {
    /// The legacy history attaches to the V4 user.
    case merge
    /// The legacy user and every row that depends on it are rejected with the reason.
    case reject
}

extension TargetSchema.Column {
    /// The value as this column can hold it: the same value, a shortened one (`shortened` set),
    /// or a rejection. Length limits count characters and, for TEXT types, bytes.
    func fit(_ value: TargetValue, policy: LongValuePolicy) -> Result<(value: TargetValue, shortened: Bool), Rejection> {
        switch value {
        case .null:
            if !nullable && !hasDefault && !autoIncrement { return .failure(Rejection(name, "NULL in a NOT NULL column of the target")) }
            return .success((.null, false))
        case .int(let number):
            if let range = integerRange, !range.contains(number) {
                return .failure(Rejection(name, "\(number) is out of range for the target's \(columnType)"))
            }
            if isText { return fit(.text(String(number)), policy: policy) }
            return .success((value, false))
        case .real:
            return .success((value, false))
        case .text(let text):
            if let allowed = enumValues {
                guard allowed.contains(text) else {
                    return .failure(Rejection(name, "'\(text)' is not one of the target's \(columnType)"))
                }
                return .success((value, false))
            }
            guard isText else { return .success((value, false)) }
            let characters = maxCharacters.map { Int(clamping: $0) } ?? Int.max
            let bytes = maxBytes.map { Int(clamping: $0) } ?? Int.max
            if text.count <= characters && text.utf8.count <= bytes { return .success((value, false)) }
            if policy == .reject {
                return .failure(Rejection(name, "\(text.count) characters, the target's \(columnType) holds \(min(characters, bytes))"))
            }
            var kept = Substring(text.prefix(characters))
            while kept.utf8.count > bytes { kept = kept.dropLast() }
            return .success((.text(String(kept)), true))
        }
    }
}
