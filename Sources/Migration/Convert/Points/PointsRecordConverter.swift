/// points_records (PointsRecord) → points_records (Docs/migration.md "points_records"): the
/// sign is normalised whichever convention the row was written in.
public struct PointsRecordConverter: Sendable {
    typealias C = PointsRecordColumn

    public init() {}

    public func convert(_ row: LegacyRow, _ context: ConversionContext) throws(Rejection) -> [TargetRow] {
        var rules = ColumnRules(context, row: row)
        let recordId = try rules.id(row[C.id], "id")
        let userId = try rules.user(row[C.userId])
        let points = try rules.integer(row[C.points], "points")
        guard points != .min else { throw Rejection("points", "out of range") }
        let before = try rules.optionalInteger(row[C.balanceBefore], "balance_before")
        let after = try rules.integer(row[C.balanceAfter], "balance_after")
        let direction = try Self.direction(type: row[C.type].text ?? "", points: points, before: before, after: after,
                                           extras: &rules.extras)
        let source = try rules.nonEmpty(row[C.source], "source")
        let time = try rules.requiredTime(row[C.createdAt], "created_at")
        let kind = context.rules.pointsKind(source: source, direction: direction)
        let description = row[C.description].text
        let title = description.flatMap { $0.trimmingWhitespace.isEmpty ? nil : $0 } ?? kind.title
        return [
            TargetRow(.pointsRecords, [
                .int(recordId), .int(userId), .text(direction), .int(abs(points)),
                TargetValue(before), .int(after), .text(kind.businessType), .text(source),
                TargetValue(row[C.relatedId].text), .text(title), TargetValue(description), .text(time),
                rules.extras.column,
            ])
        ]
    }

    /// `earn`/`consume` from the legacy type and sign (the table in Docs/migration.md).
    static func direction(type: String, points: Int64, before: Int64?, after: Int64, extras: inout LegacyExtras)
        throws(Rejection) -> String
    {
        switch type {
        case "earn":
            guard points >= 0 else { throw Rejection("points", "earn row with negative points") }
            return "earn"
        case "spend":
            if points > 0 { extras.keep("sign", .string("positive-spend")) }
            return "consume"
        case "":
            extras.keep("type", .string(""))
            if let before, after != before { return after > before ? "earn" : "consume" }
            if points < 0 { return "consume" }
            throw Rejection("type", "empty type and no balance change or sign to infer it from")
        default:
            throw Rejection("type", "neither earn nor spend")
        }
    }
}
