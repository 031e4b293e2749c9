import BridgeKit
import V4Contract

/// Every points-record field the legacy variants show, from a V4 ledger row. Shapes in
/// Mappings pick the fields (Docs/compatibility.md R1-R5). Spending is negative (D1's
/// convention, R2); `type` is `earn` or `spend`.
enum LegacyPointsRecordView {
    static let view = LegacyViewFields<V4PointsTransaction>([
        "id": { .int($0.transactionId) },
        "record_id": { .int($0.transactionId) },
        "type": { .string(earns($0) ? "earn" : "spend") },
        "points": { .int(Int64(signed($0))) },
        "source": { .string($0.sourceType) },
        "description": { .string($0.description ?? $0.title) },
        // Old migrated rows have no balance_before; the row itself says what it was.
        "balance_before": { .int(Int64($0.balanceBefore ?? $0.balanceAfter - signed($0))) },
        "balance_after": { .int(Int64($0.balanceAfter)) },
        "related_id": { JSONValue($0.referenceId) },
        "reference_id": { JSONValue($0.referenceId) },
        "created_at": { LegacyTime.from(v4: $0.transactionTime) },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ row: V4PointsTransaction) -> LegacyView<V4PointsTransaction> { view.make(row) }

    private static func earns(_ row: V4PointsTransaction) -> Bool { row.transactionType == "earn" }
    private static func signed(_ row: V4PointsTransaction) -> Int { earns(row) ? row.pointsAmount : -row.pointsAmount }
}
