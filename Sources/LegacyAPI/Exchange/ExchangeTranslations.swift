import BridgeKit
import V4Contract

/// `GET /api/exchange/products` → V4 `inventory/products`: D0's and D1's product keys, the
/// categories top-level (D0, D1-B) and in `filters` (D1-A), D1-B's `statistics`.
struct ExchangeProductsTranslation: LegacyTranslation {
    static let name = "exchange.products"
    static let reads = MappingReads.list(shape: "product", fields: ["category"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let list = try await call.v4(
            V4API.Inventory.products, .init(page: call.pageQuery, category: call.input.string("category")))
        var data = LegacyList.data(
            list.products.map { call.shaped("product", from: LegacyProductView.make($0)) }, pagination: list.pagination,
            route: call.route)
        let categories = JSONValue.array(list.filters.categories.map { .string($0) })
        data["categories"] = categories
        data["filters"] = [
            "categories": categories,
            "price_range": list.filters.priceRange.map { range -> JSONValue in
                ["min": .int(Int64(range.min)), "max": .int(Int64(range.max))]
            } ?? .null,
        ]
        data["statistics"] = list.summary.map { summary -> JSONValue in
            [
                "totalProducts": .int(Int64(summary.totalProducts)), "availableProducts": .int(Int64(summary.availableProducts)),
                "hotProducts": .int(Int64(summary.hotProducts)),
            ]
        } ?? .null
        return LegacyReply(data: .object(data))
    }
}
