import BridgeKit
import V4Contract

/// `GET /api/exchange/products` → V4 `inventory/products`: D0's and D1's product keys, the
/// categories top-level (D0, D1-B) and in `filters` (D1-A), D1-B's `statistics`. D0's `sort`
/// and `search` and D1's `min_points`/`max_points`/`stock_status`/`sort_by`/`sort_order` become
/// the V4 query's filters; the mapping says which values mean what.
struct ExchangeProductsTranslation: LegacyTranslation {
    static let name = "exchange.products"
    static let reads = MappingReads(
        shapes: ["product"], params: ["all_categories", "d0_sort_orders"], optionalParams: ["list_keys", "flat_pagination"],
        fields: ["page", "limit", "category", "search", "sort", "sort_by", "sort_order", "min_points", "max_points", "stock_status"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let everything = Set(call.paramValue("all_categories")?.arrayValue?.compactMap(\.stringValue) ?? [])
        let category = call.input.string("category").flatMap { everything.contains($0) ? nil : $0 }
        // D1's sort_by wins over D0's sort; D0's sort implies its own direction.
        let d0Sort = call.input.string("sort")
        let order = call.input.string("sort_order") ?? d0Sort.flatMap { call.paramValue("d0_sort_orders")?[$0]?.stringValue }
        let list = try await call.v4(
            V4API.Inventory.products,
            .init(
                page: call.pageQuery, category: category, search: call.input.string("search"),
                minPoints: call.input.int("min_points").map { Int($0) }, maxPoints: call.input.int("max_points").map { Int($0) },
                stockStatus: call.input.string("stock_status"), sort: call.input.string("sort_by") ?? d0Sort, order: order))
        var data = LegacyList.data(
            list.products.map { call.shaped("product", from: LegacyProductView.make($0, call: call)) }, pagination: list.pagination,
            route: call.route)
        let categories = JSONValue.array(list.filters.categories.map { .string($0) })
        data["categories"] = categories
        var levels: [JSONValue] = []
        if let summary = list.summary {
            if summary.availableProducts > 0 { levels.append("in_stock") }
            if summary.lowStockProducts > 0 { levels.append("low_stock") }
            if summary.outOfStockProducts > 0 { levels.append("out_of_stock") }
        }
        data["filters"] = [
            "categories": categories,
            "price_range": list.filters.priceRange.map { range -> JSONValue in
                ["min": .int(Int64(range.min)), "max": .int(Int64(range.max))]
            } ?? .null,
            // The stock levels the catalogue has products in, each a valid `stock_status`.
            "stock_levels": .array(levels),
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
