import BridgeKit
import V4Contract

/// Every product field the legacy variants show, from a V4 product. Shapes in Mappings pick
/// the fields (Docs/compatibility.md X1-X5).
enum LegacyProductView {
    static let fieldNames: Set<String> = [
        "id", "commodity_id", "name", "description", "category", "exchange_points", "points_required", "stock",
        "original_price", "current_price", "discount", "image_url", "is_hot", "sales_count", "exchange_count", "status",
        "created_at",
    ]

    static func make(_ product: V4Product) -> JSONObject {
        var view = JSONObject()
        view["id"] = .int(product.id)
        view["commodity_id"] = .int(product.id)
        view["name"] = .string(product.name)
        view["description"] = JSONValue(product.description)
        view["category"] = JSONValue(product.category)
        view["exchange_points"] = .int(Int64(product.exchangePoints))
        view["points_required"] = .int(Int64(product.exchangePoints))
        view["stock"] = .int(Int64(product.stock))
        view["original_price"] = LegacyMoney.yuan(product.originalPrice)
        // D1-A: the shelf price and its ratio to the original (35.00 → 30.00 is 0.86). The
        // catalogue's discount is a percentage; none means full price.
        let ratio = Double(product.discount ?? 100) / 100
        view["current_price"] = LegacyMoney.yuan(product.originalPrice.map { $0 * ratio })
        view["discount"] = product.originalPrice == nil ? .null : (product.discount == nil ? .int(1) : .double(ratio))
        view["image_url"] = JSONValue(product.image)
        view["is_hot"] = .bool(product.isHot)
        view["sales_count"] = .int(Int64(product.salesCount))
        view["exchange_count"] = .int(Int64(product.salesCount))
        view["status"] = .string(product.status)
        view["created_at"] = LegacyTime.from(v4: product.createdAt)
        return view
    }
}
