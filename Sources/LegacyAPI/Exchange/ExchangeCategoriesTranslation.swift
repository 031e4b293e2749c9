import BridgeKit
import V4Contract

/// `GET /api/exchange/categories` (D0 names the route, "动态分类", and documents no shape): the
/// categories of the active catalogue, as the same array of names the products answers carry
/// top-level (D0, D1-B) and in `filters` (D1-A), so a client can reuse its parsing.
struct ExchangeCategoriesTranslation: LegacyTranslation {
    static let name = "exchange.categories"
    static let reads = MappingReads()

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let list = try await call.v4(V4API.Inventory.products, .init(page: V4PageQuery(page: 1, limit: 1)))
        let categories = JSONValue.array(list.filters.categories.map { .string($0) })
        return LegacyReply(data: [
            "categories": categories, "filters": ["categories": categories],
            "total": .int(Int64(list.filters.categories.count)),
        ])
    }
}
