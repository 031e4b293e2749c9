import BridgeKit
import V4Contract

/// Every points-record field the legacy variants show, from a V4 ledger row. Shapes in
/// Mappings pick the fields (Docs/compatibility.md R1-R5).
enum LegacyPointsRecordView {
    static let fieldNames: Set<String> = [
        "id", "record_id", "type", "points", "source", "description", "balance_before", "balance_after", "related_id",
        "reference_id", "created_at",
    ]

    /// Spending is negative (D1's convention, R2); `type` is `earn` or `spend`.
    static func make(_ row: V4PointsTransaction) -> JSONObject {
        var view = JSONObject()
        let earn = row.transactionType == "earn"
        let signed = earn ? row.pointsAmount : -row.pointsAmount
        view["id"] = .int(row.transactionId)
        view["record_id"] = .int(row.transactionId)
        view["type"] = .string(earn ? "earn" : "spend")
        view["points"] = .int(Int64(signed))
        view["source"] = .string(row.sourceType)
        view["description"] = .string(row.description ?? row.title)
        // Old migrated rows have no balance_before; the row itself says what it was.
        view["balance_before"] = .int(Int64(row.balanceBefore ?? row.balanceAfter - signed))
        view["balance_after"] = .int(Int64(row.balanceAfter))
        view["related_id"] = JSONValue(row.referenceId)
        view["reference_id"] = JSONValue(row.referenceId)
        view["created_at"] = LegacyTime.from(v4: row.transactionTime)
        return view
    }
}
