/// What converting one row needs besides the row: the value maps, the legacy clock, the users
/// that exist in the target and the role ids to grant.
public struct ConversionContext: Sendable {
    public var rules: ConversionRules
    public var dates: LegacyDateTime
    public var knownUsers: Set<Int64>
    public var roleIds: [String: Int64]

    public init(rules: ConversionRules, dates: LegacyDateTime, knownUsers: Set<Int64> = [], roleIds: [String: Int64] = [:]) {
        self.rules = rules
        self.dates = dates
        self.knownUsers = knownUsers
        self.roleIds = roleIds
    }
}

/// The column rules the four converters share (Docs/migration.md, "Times" and the tables).
struct ColumnRules {
    let context: ConversionContext
    var extras = LegacyExtras()

    init(_ context: ConversionContext, row: LegacyRow) {
        self.context = context
        extras.keepUnknownColumns(of: row)
    }

    func id(_ value: LegacyValue, _ column: String) throws(Rejection) -> Int64 {
        guard let id = value.integer, id > 0 else { throw Rejection(column, "not a positive integer id") }
        return id
    }

    func user(_ value: LegacyValue, _ column: String = "user_id") throws(Rejection) -> Int64 {
        guard let id = value.integer else { throw Rejection(column, "not an integer") }
        guard context.knownUsers.contains(id) else { throw Rejection(column, "unknown user") }
        return id
    }

    /// Text that is not blank, kept as stored (`trimmed` for mobiles, whose spaces are noise).
    func nonEmpty(_ value: LegacyValue, _ column: String, trimmed: Bool = false) throws(Rejection) -> String {
        guard let text = value.text, !text.trimmingWhitespace.isEmpty else { throw Rejection(column, "empty") }
        return trimmed ? text.trimmingWhitespace : text
    }

    func integer(_ value: LegacyValue, _ column: String, minimum: Int64? = nil) throws(Rejection) -> Int64 {
        guard let number = value.integer else { throw Rejection(column, "not an integer") }
        if let minimum, number < minimum { throw Rejection(column, "negative") }
        return number
    }

    func optionalInteger(_ value: LegacyValue, _ column: String) throws(Rejection) -> Int64? {
        if value.isNull { return nil }
        return try integer(value, column)
    }

    func flag(_ value: LegacyValue, _ column: String) throws(Rejection) -> Bool {
        try integer(value, column) != 0
    }

    /// A required time: a zero date — or text that is no date — falls back to `fallback` (the
    /// original kept in extras), else the row is rejected.
    mutating func requiredTime(_ value: LegacyValue, _ column: String, fallback: LegacyValue? = nil) throws(Rejection)
        -> String
    {
        if case .date(let text) = context.dates.read(value) { return text }
        if let fallback, case .date(let text) = context.dates.read(fallback) {
            extras.keep(column, value)
            return text
        }
        throw Rejection(column, "zero date")
    }

    /// An optional time: a zero date or text that is no date becomes NULL, keeping a present
    /// original in extras.
    mutating func optionalTime(_ value: LegacyValue, _ column: String) -> String? {
        if case .date(let text) = context.dates.read(value) { return text }
        if !value.isNull { extras.keep(column, value) }
        return nil
    }

    /// A mapped enum value; a legacy value the map changes is kept in extras.
    mutating func mapped(_ value: LegacyValue, _ column: String, _ map: [String: String]) throws(Rejection) -> String {
        let legacy = value.text ?? ""
        guard let target = map[legacy] else { throw Rejection(column, "value not in Mappings/migration.yaml") }
        if target != legacy { extras.keep(column, value) }
        return target
    }
}
