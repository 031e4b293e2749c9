import BridgeKit
import V4Contract

/// `POST /api/exchange/submit` → V4 `inventory/exchange`. D0's `user_address{name, phone,
/// address}` and D1's `delivery_info` (D1-A `recipient_address`+`postal_code`, D1-B
/// `delivery_address`) become the V4 order's delivery info by the route's `delivery_fields`;
/// `remark` is kept. The answer is the union of D0's and D1's fields (Docs/compatibility.md X6).
struct ExchangeSubmitTranslation: LegacyTranslation {
    static let name = "exchange.submit"
    static let reads = MappingReads(
        shapes: ["exchange_result"], params: ["delivery_fields"],
        fields: ["product_id", "quantity", "delivery_info", "user_address", "remark"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let quantity = Int(call.input.int("quantity") ?? 1)
        // Across a network, the newest order before this one: what reading the outcome back compares with.
        let before: Int64? = call.writesNeedSnapshots ? try await ExchangeReadBack.newestRecordId(call) : nil
        let userId = try await call.callerUserId()
        let result = try await call.write(
            V4API.Inventory.exchange,
            .init(
                productId: call.input.int("product_id"), quantity: quantity,
                delivery: try Self.delivery(call), remark: call.input.string("remark")),
            as: userId, readBack: { try await ExchangeReadBack.find(call, userId: userId, after: before, quantity: quantity) })
        return LegacyReply(
            data: call.shaped("exchange_result", from: LegacyOrderView.make(result.exchange, remainingPoints: result.remainingPoints)))
    }

    /// The delivery object the client sent (D1's `delivery_info` first, else D0's `user_address`),
    /// its keys renamed to V4's; a value that is not text is `wrong_type` of that field.
    static func delivery(_ call: LegacyCall) throws -> V4DeliveryInfo? {
        guard let name = ["delivery_info", "user_address"].first(where: { call.input[$0] != nil }),
            let sent = call.input[name]?.objectValue
        else { return nil }
        let fields = call.paramValue("delivery_fields")?.objectValue ?? [:]
        var object = JSONObject()
        for (key, aliases) in fields.entries {
            let names = aliases.arrayValue?.compactMap(\.stringValue) ?? []
            guard let value = names.lazy.compactMap({ sent[$0] }).first(where: { $0 != .null }) else { continue }
            switch value {
            case .string: object[key] = value
            case .int(let number): object[key] = .string(String(number))
            default: throw InputFailure(failure: .wrongType, field: call.route.fields.first { $0.name == name })
            }
        }
        guard let delivery = try? V4DeliveryInfo(.object(object), field: name), !delivery.isEmpty else { return nil }
        return delivery
    }
}
