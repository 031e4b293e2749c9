import BridgeKit
import V4Contract

/// Every order field the legacy variants show, from a V4 exchange: D0's submit answer
/// (`product_name`, unit `points_cost`, `exchange_code`, `delivery_info{type, estimated_date}`),
/// D1-A's (`commodity_name`, date `estimated_delivery`, masked recipient, `tracking_number`,
/// `created_at`/`updated_at`) and D1-B's (`unit_points`, `delivery_address`, `timeline{…}`).
/// No names clash; shapes in Mappings pick the fields (Docs/compatibility.md X6-X10).
enum LegacyOrderView {
    static let fieldNames: Set<String> = [
        "order_id", "product_name", "commodity_name", "points_cost", "unit_points", "quantity", "total_points",
        "remaining_points", "exchange_code", "order_status", "delivery_info", "estimated_delivery", "timeline",
        "created_at", "updated_at",
    ]

    /// Characters of an address kept before the mask (D1-A `北京市朝阳区****`).
    static let visibleAddressCharacters = 6

    static func make(_ order: V4Exchange, remainingPoints: Int? = nil) -> JSONObject {
        let estimated = order.estimatedDelivery.flatMap(Timestamp.parse)
        let estimatedDay: JSONValue = estimated.map { .string(Timestamp.beijingDay($0)) } ?? .null
        var view = JSONObject()
        view["order_id"] = .string(order.orderCode)
        view["product_name"] = .string(order.productName)
        view["commodity_name"] = .string(order.productName)
        view["points_cost"] = .int(Int64(order.unitPoints))
        view["unit_points"] = .int(Int64(order.unitPoints))
        view["quantity"] = .int(Int64(order.quantity))
        view["total_points"] = .int(Int64(order.pointsCost))
        view["remaining_points"] = remainingPoints.map { .int(Int64($0)) } ?? .null
        view["exchange_code"] = .string(order.exchangeCode)
        view["order_status"] = .string(order.status.rawValue)
        let delivery = order.deliveryInfo
        let address = delivery?.address.map(masked).map(JSONValue.string) ?? .null
        view["delivery_info"] = [
            "type": .string(order.deliveryType), "estimated_date": estimatedDay,
            "recipient_name": JSONValue(delivery?.recipientName),
            "recipient_phone": delivery?.recipientPhone.map { .string(MobileNumber.masked($0)) } ?? .null,
            "recipient_address": address, "delivery_address": address, "postal_code": JSONValue(delivery?.postalCode),
            "delivery_note": JSONValue(delivery?.note), "tracking_number": JSONValue(order.trackingNumber),
        ]
        view["estimated_delivery"] = estimatedDay
        view["timeline"] = [
            "ordered_at": LegacyTime.from(v4: order.createdAt), "processed_at": LegacyTime.from(v4: order.processedAt),
            "shipped_at": LegacyTime.from(v4: order.shippedAt), "delivered_at": LegacyTime.from(v4: order.deliveredAt),
            "cancelled_at": LegacyTime.from(v4: order.cancelledAt),
            "estimated_delivery": LegacyTime.from(v4: order.estimatedDelivery),
        ]
        view["created_at"] = LegacyTime.from(v4: order.createdAt)
        view["updated_at"] = LegacyTime.from(v4: order.updatedAt)
        return view
    }

    /// The first characters of an address, then `****`; a short one keeps half.
    static func masked(_ address: String) -> String {
        let keep = address.count > visibleAddressCharacters ? visibleAddressCharacters : address.count / 2
        return String(address.prefix(keep)) + "****"
    }
}
