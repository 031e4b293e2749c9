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
            // Cached statements: `category IS NULL OR …` keeps one statement for both cases.
            let filter = "status = 'active' AND (?1 IS NULL OR category = ?1)"
            let total = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM products WHERE \(filter)"), arguments: [category]) ?? 0
            let rows = try ProductRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM products WHERE \(filter) ORDER BY sort_order, product_id LIMIT ?2 OFFSET ?3"),
                arguments: [category, page.limit, page.offset])
            let spaces = try String.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT space FROM products WHERE status = 'active' ORDER BY space"))
            let categories = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT category FROM products WHERE status = 'active' AND category IS NOT NULL
                        GROUP BY category ORDER BY MIN(sort_order), MIN(product_id)
                        """))
            let totals = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(stock > 0), 0) AS available, COALESCE(SUM(is_hot), 0) AS hot,
                           MIN(exchange_points) AS low, MAX(exchange_points) AS high
                    FROM products WHERE status = 'active'
                    """))!
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
