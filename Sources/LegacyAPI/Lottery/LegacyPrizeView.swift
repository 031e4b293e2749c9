import BridgeKit
import V4Contract

/// Every prize field the legacy docs show, from a V4 public prize, the draw's cost and the
/// prize's legacy type name.
enum LegacyPrizeView {
    struct Source: Sendable {
        var prize: V4PublicPrize
        var costPerDraw: Int
        var type: String
    }

    /// `probability` keeps its key with the neutral value 0: V4 treats win probabilities as a trade
    /// secret (Docs/compatibility.md L3). `value` is the prize's nominal value as a number.
    static let view = LegacyViewFields<Source>([
        "id": { .int($0.prize.id) },
        "name": { .string($0.prize.name) },
        "type": { .string($0.type) },
        "value": { .int(Int64($0.prize.value ?? $0.prize.pointsValue)) },
        "angle": { $0.prize.angle.map { .int(Int64($0)) } ?? .null },
        "color": { JSONValue($0.prize.color) },
        "probability": { _ in .int(0) },
        // D0 and D1-A animate coupons specially.
        "isActivity": { .bool($0.type == "coupon") },
        "costPoints": { .int(Int64($0.costPerDraw)) },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ prize: V4PublicPrize, costPerDraw: Int, types: JSONObject) -> LegacyView<Source> {
        view.make(Source(prize: prize, costPerDraw: costPerDraw, type: types[prize.type]?.stringValue ?? prize.type))
    }
}
