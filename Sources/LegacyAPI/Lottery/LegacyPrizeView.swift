import BridgeKit
import V4Contract

/// Every prize field the legacy docs show, from a V4 public prize.
enum LegacyPrizeView {
    static let fieldNames: Set<String> = ["id", "name", "type", "value", "angle", "color", "probability", "isActivity", "costPoints"]

    /// `probability` keeps its key with the neutral value 0: V4 treats win probabilities as a trade
    /// secret (Docs/compatibility.md L3). `value` is the prize's nominal value as a number.
    static func make(_ prize: V4PublicPrize, costPerDraw: Int, types: JSONObject) -> JSONObject {
        var view = JSONObject()
        let type = types[prize.type]?.stringValue ?? prize.type
        view["id"] = .int(prize.id)
        view["name"] = .string(prize.name)
        view["type"] = .string(type)
        view["value"] = .int(Int64(prize.value ?? prize.pointsValue))
        view["angle"] = prize.angle.map { .int(Int64($0)) } ?? .null
        view["color"] = JSONValue(prize.color)
        view["probability"] = .int(0)
        // D0 and D1-A animate coupons specially.
        view["isActivity"] = .bool(type == "coupon")
        view["costPoints"] = .int(Int64(costPerDraw))
        return view
    }
}
