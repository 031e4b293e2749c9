import BridgeKit
import Foundation
import HummingbirdTesting
import Testing
import V4Core

/// `GET /api/exchange/products` over the demo catalogue plus arranged `products` rows
/// (Docs/compatibility.md X1-X6).
@Suite struct LegacyExchangeProductsTests {
    static func arrange(_ engine: V4Engine) async throws {
        try await TestRows.insertProduct(
            engine, id: 42, name: "小米充电宝10000mAh", category: "电子产品", points: 800, stock: 50, originalPrice: 129.9,
            costPrice: 61.25, isHot: true, sortOrder: 0, salesCount: 7, image: "https://sealos.storage/products/xiaomi_powerbank.jpg")
        try await TestRows.insertProduct(
            engine, id: 43, name: "已下架商品", category: "voucher", points: 100, stock: 10, originalPrice: 5, status: "inactive",
            sortOrder: 0)
    }

    @Test(arguments: TestBridge.Mode.allCases)
    func productsCarryBothNamings(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            let result = try await client.send(.get, "/api/exchange/products", token: token)
            #expect(result.status == 200, Comment(rawValue: result.raw))
            let data = try #require(result.body["data"])
            let products = try #require(data["products"]?.arrayValue)
            #expect(products.map { $0["commodity_id"] } == [42, 1, 2, 3, 4, 5, 6], "active only, by sort_order; id = commodity_id")
            let power = products[0]
            #expect(power.objectValue?.keys == [
                "commodity_id", "id", "name", "description", "category", "exchange_points", "points_required", "stock",
                "original_price", "current_price", "discount", "image_url", "is_hot", "sales_count", "exchange_count", "status",
                "created_at",
            ])
            #expect(power["id"] == 42 && power["name"] == "小米充电宝10000mAh" && power["category"] == "电子产品")
            #expect(power["exchange_points"] == 800 && power["points_required"] == 800 && power["stock"] == 50)
            #expect(power["original_price"] == 129.9 && power["is_hot"] == true)
            #expect(power["current_price"] == 129.9 && power["discount"] == 1, "no discount: full price")
            #expect(products[2]["current_price"] == 30.1 && products[2]["discount"] == 0.86, "D1-A: 86 % of 35.00")
            #expect(power["sales_count"] == 7 && power["exchange_count"] == 7 && power["status"] == "active")
            #expect(power["image_url"] == "https://sealos.storage/products/xiaomi_powerbank.jpg")
            #expect(power["created_at"] == "2025-07-01T00:00:00.000Z")
            #expect(products[1]["name"] == "八八折优惠券" && products[1]["original_price"] == 10 && products[1]["image_url"] == .null)
            #expect(products[5]["stock"] == 0, "X4: out-of-stock products are listed")
            #expect(!result.raw.contains("cost_price") && !result.raw.contains("61.25"), "cost prices never leak")
            #expect(data["pagination"] == ["total": 7, "page": 1, "limit": 20, "total_pages": 1, "totalPages": 1])
            #expect(data["categories"] == ["电子产品", "voucher", "drink", "food", "gift"])
            #expect(data["filters"] == [
                "categories": data["categories"]!, "price_range": ["min": 200, "max": 1500],
                "stock_levels": ["in_stock", "low_stock", "out_of_stock"],
            ])
            #expect(data["statistics"] == ["totalProducts": 7, "availableProducts": 6, "hotProducts": 3])
        }
    }

    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func categoryAndPaging(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            let chinese = try await client.send(.get, "/api/exchange/products?category=%E7%94%B5%E5%AD%90%E4%BA%A7%E5%93%81", token: token)
            #expect(chinese.body["data"]?["products"]?.arrayValue?.map { $0["id"] } == [42], Comment(rawValue: chinese.raw))
            let vouchers = try await client.send(.get, "/api/exchange/products?category=voucher", token: token)
            #expect(vouchers.body["data"]?["products"]?.arrayValue?.map { $0["id"] } == [1, 4], "the inactive voucher is hidden")
            let page = try await client.send(.get, "/api/exchange/products?page=2&limit=4", token: token)
            #expect(page.body["data"]?["products"]?.arrayValue?.map { $0["id"] } == [4, 5, 6])
            #expect(page.body["data"]?["pagination"] == ["total": 7, "page": 2, "limit": 4, "total_pages": 2, "totalPages": 2])
            let none = try await client.send(.get, "/api/exchange/products?category=nothing", token: token)
            #expect(none.body["data"]?["products"] == [] && none.body["data"]?["pagination"]?["total"] == 0)
        }
    }

    /// D0's sort and search, D1's points range, stock level and sort, `category=all`.
    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func filtersAndSorts(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withArrangedData(mode, arrange: { try await Self.arrange($0) }) { client, token in
            func ids(_ query: String) async throws -> [JSONValue] {
                let result = try await client.send(.get, "/api/exchange/products?" + query, token: token)
                #expect(result.status == 200, Comment(rawValue: "\(query): \(result.raw)"))
                return result.body["data"]?["products"]?.arrayValue?.map { $0["id"] ?? .null } ?? []
            }
            #expect(try await ids("category=all") == [42, 1, 2, 3, 4, 5, 6])
            #expect(try await ids("sort=price") == [3, 2, 1, 6, 42, 5, 4], "cheapest first; ties by shelf order")
            #expect(try await ids("sort=stock") == [1, 3, 42, 2, 4, 6, 5], "most in stock first")
            #expect(try await ids("sort=hot") == [42, 1, 2, 3, 4, 5, 6], "hot first, then by sales")
            #expect(try await ids("search=%E5%92%96%E5%95%A1") == [2], "D0 search 咖啡")
            #expect(try await ids("search=POWER") == [], "no match")
            #expect(try await ids("min_points=300&max_points=800") == [42, 1, 2, 5, 6])
            #expect(try await ids("sort_by=exchange_points&sort_order=DESC") == [4, 42, 5, 6, 1, 2, 3])
            #expect(try await ids("sort_by=created_at&sort_order=ASC&limit=1") == [42], "the arranged row is the oldest")
            #expect(try await ids("stock_status=out_of_stock") == [5])
            #expect(try await ids("stock_status=low_stock") == [6])
            #expect(try await ids("stock_status=available") == [42, 1, 2, 3, 4, 6], "D1-B available = in stock")
            for bad in ["sort=newest", "sort_by=price", "sort_order=UP", "stock_status=plenty", "min_points=-1",
                        "max_points=abc", "max_points=100000000000"] {
                let result = try await client.send(.get, "/api/exchange/products?" + bad, token: token)
                #expect(result.status == 400 && result.body["code"] == 4003, Comment(rawValue: "\(bad): \(result.raw)"))
            }
        }
    }

    @Test func v4CatalogueAtBothPathsWithoutCostPrice() async throws {
        try await TestBridge.withEmbeddedBridge { client, engine in
            try await Self.arrange(engine)
            let token = try await client.legacyLogin().0
            let unified = try await client.send(.get, "/api/v4/unified-engine/inventory/products?limit=1", token: token)
            let short = try await client.send(.get, "/api/v4/inventory/products?limit=1", token: token)
            #expect(unified.body["data"] == short.body["data"])
            let product = try #require(unified.body["data"]?["products"]?[0])
            #expect(product["id"] == 42 && product["exchange_points"] == 800 && product["available"] == true && product["stock"] == 50)
            #expect(product["cost_price"] == nil)
            let anonymous = try await client.send(.get, "/api/v4/inventory/products")
            #expect(anonymous.status == 401 && anonymous.body["success"] == false)
        }
    }

    @Test func missingOrForgedTokenIsTheLegacyAuthError() async throws {
        try await TestBridge.expectLegacyAuthRequired(["/api/exchange/products"])
    }

}
