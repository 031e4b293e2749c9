import BridgeKit
import V4Contract
import GRDB

/// A row of `exchange_records` (V4 §5.10 plus the legacy order's columns): one exchange order.
public struct ExchangeRecord: V4Record, Equatable {
    public static let databaseTableName = "exchange_records"
    public var exchangeId: Int64?
    public var orderCode: String?
    public var userId: Int64
    public var productId: Int64
    public var productName: String
    public var quantity: Int
    public var pointsCost: Int
    public var status: V4ExchangeStatus
    public var trackingNumber: String?
    public var deliveryInfo: String?
    public var createdAt: Date
    public var completedAt: Date?
    public var legacyExtras: String?
    public var unitPoints: Int?
    public var exchangeCode: String?
    public var remark: String?
    public var adminNotes: String?
    public var deliveryType: String
    public var inventoryId: Int64?
    public var updatedAt: Date?
    public var processedAt: Date?
    public var shippedAt: Date?
    public var deliveredAt: Date?
    public var cancelledAt: Date?
    public var estimatedDelivery: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { exchangeId = inserted.rowID }
}

extension ExchangeRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case exchangeId = "exchange_id", orderCode = "order_code", userId = "user_id", productId = "product_id",
            productName = "product_name", quantity, pointsCost = "points_cost", status,
            trackingNumber = "tracking_number", deliveryInfo = "delivery_info", createdAt = "created_at",
            completedAt = "completed_at", legacyExtras = "legacy_extras", unitPoints = "unit_points",
            exchangeCode = "exchange_code", remark, adminNotes = "admin_notes", deliveryType = "delivery_type",
            inventoryId = "inventory_id", updatedAt = "updated_at", processedAt = "processed_at",
            shippedAt = "shipped_at", deliveredAt = "delivered_at", cancelledAt = "cancelled_at",
            estimatedDelivery = "estimated_delivery"
    }
    public typealias Columns = CodingKeys
}
