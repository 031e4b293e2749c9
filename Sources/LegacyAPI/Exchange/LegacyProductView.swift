import BridgeKit
import V4Contract

/// Every product field the legacy variants show, from a V4 product. Shapes in Mappings pick
/// the fields (Docs/compatibility.md X1-X5).
enum LegacyProductView {
    struct Source: Sendable {
        var product: V4Product
        var call: LegacyCall
    }

    static let view = LegacyViewFields<Source>([
        "id": { .int($0.product.id) },
        "commodity_id": { .int($0.product.id) },
        "name": { .string($0.product.name) },
        "description": { JSONValue($0.product.description) },
        "category": { JSONValue($0.product.category) },
        "exchange_points": { .int(Int64($0.product.exchangePoints)) },
        "points_required": { .int(Int64($0.product.exchangePoints)) },
        "stock": { .int(Int64($0.product.stock)) },
        "original_price": { LegacyMoney.yuan($0.product.originalPrice) },
        // D1-A: the shelf price and its ratio to the original (35.00 → 30.00 is 0.86). The
        // catalogue's discount is a percentage; none means full price.
        "current_price": { source in LegacyMoney.yuan(source.product.originalPrice.map { $0 * ratio(source.product) }) },
        "discount": { $0.product.originalPrice == nil ? .null : ($0.product.discount == nil ? .int(1) : .double(ratio($0.product))) },
        "image_url": { $0.call.absoluteURL($0.product.image) },
        "is_hot": { .bool($0.product.isHot) },
        "sales_count": { .int(Int64($0.product.salesCount)) },
        "exchange_count": { .int(Int64($0.product.salesCount)) },
        "status": { .string($0.product.status) },
        "created_at": { LegacyTime.from(v4: $0.product.createdAt) },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ product: V4Product, call: LegacyCall) -> LegacyView<Source> { view.make(Source(product: product, call: call)) }

    private static func ratio(_ product: V4Product) -> Double { Double(product.discount ?? 100) / 100 }
}
