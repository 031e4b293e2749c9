import V4Contract
import BridgeKit
import GRDB

/// The active products users can exchange points for.
@PublicInit
public struct ProductCatalog: Sendable {
    let database: CoreDatabase

    /// Active products (in stock or not: `available` tells), filtered and sorted as the query
    /// asks (by `sort_order` by default). Every filter is one cached statement: an absent
    /// filter is `?n IS NULL`, and the sort comes from a fixed set of orderings.
    public func products(_ query: V4ProductsQuery) async throws -> V4ProductList {
        let ordering = Self.ordering(sort: query.sort, order: query.order)
        let page = query.page
        return try await database.read { db in
            let filter = """
                status = \(ActiveStatus.active.sql) AND (?1 IS NULL OR category = ?1)
                AND (?2 IS NULL OR instr(lower(name), lower(?2)) > 0 OR instr(lower(COALESCE(description, '')), lower(?2)) > 0)
                AND (?3 IS NULL OR exchange_points >= ?3) AND (?4 IS NULL OR exchange_points <= ?4)
                AND (?5 IS NULL OR (?5 = 'in_stock' AND stock > 0) OR (?5 = 'low_stock' AND stock > 0 AND stock <= ?6)
                     OR (?5 = 'out_of_stock' AND stock = 0))
                """
            let arguments: StatementArguments = [
                query.category, query.search, query.minPoints, query.maxPoints, query.stockStatus, V4Product.lowStockThreshold,
            ]
            let total = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM products WHERE \(filter)"), arguments: arguments) ?? 0
            let rows = try ProductRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM products WHERE \(filter) ORDER BY \(ordering) LIMIT ?7 OFFSET ?8"),
                arguments: arguments + [page.limit, page.offset])
            let spaces = try String.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT space FROM products WHERE status = \(ActiveStatus.active.sql) ORDER BY space"))
            let categories = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT category FROM products WHERE status = \(ActiveStatus.active.sql) AND category IS NOT NULL
                        GROUP BY category ORDER BY MIN(sort_order), MIN(product_id)
                        """))
            let totals = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(stock > 0), 0) AS available, COALESCE(SUM(is_hot), 0) AS hot,
                           COALESCE(SUM(stock > 0 AND stock <= ?), 0) AS low, COALESCE(SUM(stock = 0), 0) AS out,
                           MIN(exchange_points) AS lowest, MAX(exchange_points) AS highest,
                           (SELECT COUNT(*) FROM products WHERE status = 'inactive') AS inactive
                    FROM products WHERE status = \(ActiveStatus.active.sql)
                    """), arguments: [V4Product.lowStockThreshold])!
            let low: Int? = totals["lowest"], high: Int? = totals["highest"]
            let counts: [Int] = ["total", "available", "hot", "low", "out", "inactive"].map { totals[$0] }
            let summary = V4ProductList.Summary(
                totalProducts: counts[0], availableProducts: counts[1], hotProducts: counts[2], lowStockProducts: counts[3],
                outOfStockProducts: counts[4], inactiveProducts: counts[5])
            return V4ProductList(
                products: rows.map(Self.payload), pagination: page.pagination(total: total),
                filters: .init(
                    spaces: spaces, categories: categories,
                    priceRange: low.flatMap { low in high.map { V4ProductList.PriceRange(min: low, max: $0) } }),
                summary: summary)
        }
    }

    /// The ORDER BY of a (validated) sort key and direction; ties by shelf order, then id.
    static func ordering(sort: String?, order: String?) -> String {
        let key = sort ?? "sort_order"
        let descending = order.map { $0 == "desc" } ?? ["hot", "sales_count"].contains(key)
        let direction = descending ? "DESC" : "ASC"
        switch key {
        case "hot": return "is_hot \(direction), sales_count \(direction), sort_order, product_id"
        case "exchange_points", "created_at", "stock", "sales_count": return "\(key) \(direction), sort_order, product_id"
        default: return "sort_order \(direction), product_id \(direction)"
        }
    }

    static func payload(_ row: ProductRecord) -> V4Product {
        V4Product(
            id: row.productId!, name: row.name, description: row.description, category: row.category, space: row.space,
            exchangePoints: row.exchangePoints, image: row.image, available: row.stock > 0, status: row.status.rawValue,
            createdAt: Timestamp.beijing(row.createdAt), stock: row.stock, originalPrice: row.originalPrice, isHot: row.isHot,
            sortOrder: row.sortOrder, salesCount: row.salesCount, discount: row.discount,
            deliveryType: row.deliveryType)
    }
}
