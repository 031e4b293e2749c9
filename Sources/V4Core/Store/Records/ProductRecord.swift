import BridgeKit
import V4Contract
import GRDB

/// A row of `products` (V4 §5.8 plus the legacy CommodityPool columns).
public struct ProductRecord: V4Record, Equatable {
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
    public var status: ActiveStatus
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

extension ProductRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case productId = "product_id", name, description, image, category, space,
            exchangePoints = "exchange_points", stock, originalPrice = "original_price",
            costPrice = "cost_price", status, createdAt = "created_at", isHot = "is_hot",
            sortOrder = "sort_order", salesCount = "sales_count", discount, updatedAt = "updated_at",
            legacyExtras = "legacy_extras", deliveryType = "delivery_type"
    }
    public typealias Columns = CodingKeys
}
