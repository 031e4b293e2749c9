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

    public mutating func didInsert(_ inserted: InsertionSuccess) { productId = inserted.rowID }
}
