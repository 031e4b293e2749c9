import BridgeKit
import V4Contract

/// Every product field the legacy variants show, from a V4 product. Shapes in Mappings pick
/// the fields (Docs/compatibility.md X1-X5).
enum LegacyProductView {
    static let view = LegacyViewFields<V4Product>([
        "id": { .int($0.id) },
        "commodity_id": { .int($0.id) },
        "name": { .string($0.name) },
        "description": { JSONValue($0.description) },
        "category": { JSONValue($0.category) },
        "exchange_points": { .int(Int64($0.exchangePoints)) },
        "points_required": { .int(Int64($0.exchangePoints)) },
        "stock": { .int(Int64($0.stock)) },
        "original_price": { LegacyMoney.yuan($0.originalPrice) },
        // D1-A: the shelf price and its ratio to the original (35.00 → 30.00 is 0.86). The
        // catalogue's discount is a percentage; none means full price.
        "current_price": { product in LegacyMoney.yuan(product.originalPrice.map { $0 * ratio(product) }) },
        "discount": { $0.originalPrice == nil ? .null : ($0.discount == nil ? .int(1) : .double(ratio($0))) },
        "image_url": { JSONValue($0.image) },
        "is_hot": { .bool($0.isHot) },
        "sales_count": { .int(Int64($0.salesCount)) },
        "exchange_count": { .int(Int64($0.salesCount)) },
        "status": { .string($0.status) },
        "created_at": { LegacyTime.from(v4: $0.createdAt) },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ product: V4Product) -> JSONObject { view.make(product) }

    private static func ratio(_ product: V4Product) -> Double { Double(product.discount ?? 100) / 100 }
}
