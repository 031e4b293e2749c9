import BridgeKit
import V4Contract

/// Every order field the legacy variants show, from a V4 exchange: D0's submit answer
/// (`product_name`, unit `points_cost`, `exchange_code`, `delivery_info{type, estimated_date}`),
/// D1-A's (`commodity_name`, date `estimated_delivery`, masked recipient, `tracking_number`,
/// `created_at`/`updated_at`) and D1-B's (`unit_points`, `delivery_address`, `timeline{…}`).
/// No names clash; shapes in Mappings pick the fields (Docs/compatibility.md X6-X10).
enum LegacyOrderView {
    struct Source: Sendable {
        var order: V4Exchange
        var remainingPoints: Int?
    }

    static let view = LegacyViewFields<Source>([
        "order_id": { .string($0.order.orderCode) },
        "product_name": { .string($0.order.productName) },
        "commodity_name": { .string($0.order.productName) },
        "points_cost": { .int(Int64($0.order.unitPoints)) },
        "unit_points": { .int(Int64($0.order.unitPoints)) },
        "quantity": { .int(Int64($0.order.quantity)) },
        "total_points": { .int(Int64($0.order.pointsCost)) },
        "remaining_points": { $0.remainingPoints.map { .int(Int64($0)) } ?? .null },
        "exchange_code": { .string($0.order.exchangeCode) },
        "order_status": { .string($0.order.status.rawValue) },
        "delivery_info": { deliveryInfo($0.order) },
        "estimated_delivery": { estimatedDay($0.order) },
        "timeline": { timeline($0.order) },
        "created_at": { LegacyTime.from(v4: $0.order.createdAt) },
        "updated_at": { LegacyTime.from(v4: $0.order.updatedAt) },
    ])

    static var fieldNames: Set<String> { view.names }

    /// Characters of an address kept before the mask (D1-A `北京市朝阳区****`).
    static let visibleAddressCharacters = 6

    static func make(_ order: V4Exchange, remainingPoints: Int? = nil) -> LegacyView<Source> {
        view.make(Source(order: order, remainingPoints: remainingPoints))
    }

    private static func estimatedDay(_ order: V4Exchange) -> JSONValue {
        order.estimatedDelivery.flatMap(Timestamp.parse).map { .string(Timestamp.beijingDay($0)) } ?? .null
    }

    private static func deliveryInfo(_ order: V4Exchange) -> JSONValue {
        let delivery = order.deliveryInfo
        let address = delivery?.address.map(masked).map(JSONValue.string) ?? .null
        return [
            "type": .string(order.deliveryType), "estimated_date": estimatedDay(order),
            "recipient_name": JSONValue(delivery?.recipientName),
            "recipient_phone": delivery?.recipientPhone.map { .string(MobileNumber.masked($0)) } ?? .null,
            "recipient_address": address, "delivery_address": address, "postal_code": JSONValue(delivery?.postalCode),
            "delivery_note": JSONValue(delivery?.note), "tracking_number": JSONValue(order.trackingNumber),
        ]
    }

    private static func timeline(_ order: V4Exchange) -> JSONValue {
        [
            "ordered_at": LegacyTime.from(v4: order.createdAt), "processed_at": LegacyTime.from(v4: order.processedAt),
            "shipped_at": LegacyTime.from(v4: order.shippedAt), "delivered_at": LegacyTime.from(v4: order.deliveredAt),
            "cancelled_at": LegacyTime.from(v4: order.cancelledAt),
            "estimated_delivery": LegacyTime.from(v4: order.estimatedDelivery),
        ]
    }

    /// The first characters of an address, then `****`; a short one keeps half.
    static func masked(_ address: String) -> String {
        let keep = address.count > visibleAddressCharacters ? visibleAddressCharacters : address.count / 2
        return String(address.prefix(keep)) + "****"
    }
}
