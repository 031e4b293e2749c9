import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif


/// A row of `products` (V4 §5.8 plus the legacy CommodityPool columns).
public struct ProductRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "products"
    public var productId: Int64?
    public var name: String
    public var description: String?
    public var image: String?
    public var category: String?
    public var space: String
    public var exchangePoints: Int
    public var stock: Int
    public var originalPrice: Double?
    public var costPrice: Double?
    public var status: String
    public var createdAt: Date
    public var isHot: Bool
    public var sortOrder: Int
    public var salesCount: Int
    public var discount: Int?
    public var updatedAt: Date?
    public var legacyExtras: String?
    /// `virtual` or `physical` (migration v3).
    public var deliveryType: String = "physical"

    public mutating func didInsert(_ inserted: InsertionSuccess) { productId = inserted.rowID }
}

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension ProductRecord {
    public enum Columns {
        static let productId = Column("product_id")
        static let name = Column("name")
        static let description = Column("description")
        static let image = Column("image")
        static let category = Column("category")
        static let space = Column("space")
        static let exchangePoints = Column("exchange_points")
        static let stock = Column("stock")
        static let originalPrice = Column("original_price")
        static let costPrice = Column("cost_price")
        static let status = Column("status")
        static let createdAt = Column("created_at")
        static let isHot = Column("is_hot")
        static let sortOrder = Column("sort_order")
        static let salesCount = Column("sales_count")
        static let discount = Column("discount")
        static let updatedAt = Column("updated_at")
        static let legacyExtras = Column("legacy_extras")
        static let deliveryType = Column("delivery_type")
    }

    public init(row: Row) throws {
        productId = row[Columns.productId]
        name = row[Columns.name]
        description = row[Columns.description]
        image = row[Columns.image]
        category = row[Columns.category]
        space = row[Columns.space]
        exchangePoints = row[Columns.exchangePoints]
        stock = row[Columns.stock]
        originalPrice = row[Columns.originalPrice]
        costPrice = row[Columns.costPrice]
        status = row[Columns.status]
        createdAt = row[Columns.createdAt]
        isHot = row[Columns.isHot]
        sortOrder = row[Columns.sortOrder]
        salesCount = row[Columns.salesCount]
        discount = row[Columns.discount]
        updatedAt = row[Columns.updatedAt]
        legacyExtras = row[Columns.legacyExtras]
        deliveryType = row[Columns.deliveryType]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.productId] = productId
        container[Columns.name] = name
        container[Columns.description] = description
        container[Columns.image] = image
        container[Columns.category] = category
        container[Columns.space] = space
        container[Columns.exchangePoints] = exchangePoints
        container[Columns.stock] = stock
        container[Columns.originalPrice] = originalPrice
        container[Columns.costPrice] = costPrice
        container[Columns.status] = status
        container[Columns.createdAt] = createdAt
        container[Columns.isHot] = isHot
        container[Columns.sortOrder] = sortOrder
        container[Columns.salesCount] = salesCount
        container[Columns.discount] = discount
        container[Columns.updatedAt] = updatedAt
        container[Columns.legacyExtras] = legacyExtras
        container[Columns.deliveryType] = deliveryType
    }
}
