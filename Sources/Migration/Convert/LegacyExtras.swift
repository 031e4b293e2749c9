import BridgeKit

/// The `legacy_extras` JSON of one row: legacy values with no typed home, or replaced by a rule.
/// Keys are sorted so the column's text is the same on every run (checksums, diffs).
struct LegacyExtras {
    private var entries: [String: JSONValue] = [:]

    mutating func keep(_ key: String, _ value: LegacyValue) {
        entries[key] = Self.json(value)
    }

    mutating func keep(_ key: String, _ value: JSONValue) {
        entries[key] = value
    }

    mutating func keepUnknownColumns(of row: LegacyRow) {
        for (name, value) in row.unknownColumns { entries[name] = Self.json(value) }
    }

    /// `{}` when there is nothing to keep: never NULL, because a non-NULL `legacy_extras` is
    /// what marks a row as migrated (`TargetTable.provenance`).
    var column: TargetValue {
        guard !entries.isEmpty else { return .text("{}") }
        var object = JSONObject()
        for key in entries.keys.sorted() { object[key] = entries[key] }
        return .text(JSONValue.object(object).serialized())
    }

    static func json(_ value: LegacyValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .int(number)
        case .decimal(let text), .text(let text): .string(text)
        case .bytes(let bytes): .string(bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined())
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
