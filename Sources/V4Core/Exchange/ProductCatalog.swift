import V4Contract
import BridgeKit
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The active products users can exchange points for.
public struct ProductCatalog: Sendable {
    let database: CoreDatabase

    public init(database: CoreDatabase) {
        self.database = database
    }

    /// Active products (in stock or not: `available` tells), by `sort_order`, optionally in one category.
    public func products(page: V4PageQuery, category: String?) async throws -> V4ProductList {
        try await database.read { db in
            let active = ProductRecord.filter(Column("status") == "active")
            var request = active
            if let category { request = request.filter(Column("category") == category) }
            let total = try request.fetchCount(db)
            let rows = try request.order(Column("sort_order"), Column("product_id"))
                .limit(page.limit, offset: page.offset).fetchAll(db)
            let spaces = try String.fetchAll(db, sql: "SELECT DISTINCT space FROM products WHERE status = 'active' ORDER BY space")
            let categories = try String.fetchAll(
                db,
                sql: """
                    SELECT category FROM products WHERE status = 'active' AND category IS NOT NULL
                    GROUP BY category ORDER BY MIN(sort_order), MIN(product_id)
                    """)
            let totals = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(stock > 0), 0) AS available, COALESCE(SUM(is_hot), 0) AS hot,
                           MIN(exchange_points) AS low, MAX(exchange_points) AS high
                    FROM products WHERE status = 'active'
                    """)!
            let low: Int? = totals["low"], high: Int? = totals["high"]
            return V4ProductList(
                products: rows.map(Self.payload), pagination: page.pagination(total: total),
                filters: .init(
                    spaces: spaces, categories: categories,
                    priceRange: low.flatMap { low in high.map { V4ProductList.PriceRange(min: low, max: $0) } }),
                summary: .init(totalProducts: totals["total"], availableProducts: totals["available"], hotProducts: totals["hot"]))
        }
    }

    static func payload(_ row: ProductRecord) -> V4Product {
        V4Product(
            id: row.productId!, name: row.name, description: row.description, category: row.category, space: row.space,
            exchangePoints: row.exchangePoints, image: row.image, available: row.stock > 0, status: row.status,
            createdAt: Timestamp.beijing(row.createdAt), stock: row.stock, originalPrice: row.originalPrice, isHot: row.isHot,
            sortOrder: row.sortOrder, salesCount: row.salesCount)
    }
}
