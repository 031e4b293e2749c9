import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `exchange_records` (V4 §5.10 plus the legacy order's columns): one exchange order.
public struct ExchangeRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "exchange_records"
    public var exchangeId: Int64?
    public var orderCode: String?
    public var userId: Int64
    public var productId: Int64
    public var productName: String
    public var quantity: Int
    public var pointsCost: Int
    public var status: String
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

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension ExchangeRecord {
    public enum Columns {
        static let exchangeId = Column("exchange_id")
        static let orderCode = Column("order_code")
        static let userId = Column("user_id")
        static let productId = Column("product_id")
        static let productName = Column("product_name")
        static let quantity = Column("quantity")
        static let pointsCost = Column("points_cost")
        static let status = Column("status")
        static let trackingNumber = Column("tracking_number")
        static let deliveryInfo = Column("delivery_info")
        static let createdAt = Column("created_at")
        static let completedAt = Column("completed_at")
        static let legacyExtras = Column("legacy_extras")
        static let unitPoints = Column("unit_points")
        static let exchangeCode = Column("exchange_code")
        static let remark = Column("remark")
        static let adminNotes = Column("admin_notes")
        static let deliveryType = Column("delivery_type")
        static let inventoryId = Column("inventory_id")
        static let updatedAt = Column("updated_at")
        static let processedAt = Column("processed_at")
        static let shippedAt = Column("shipped_at")
        static let deliveredAt = Column("delivered_at")
        static let cancelledAt = Column("cancelled_at")
        static let estimatedDelivery = Column("estimated_delivery")
    }

    public init(row: Row) throws {
        exchangeId = row[Columns.exchangeId]
        orderCode = row[Columns.orderCode]
        userId = row[Columns.userId]
        productId = row[Columns.productId]
        productName = row[Columns.productName]
        quantity = row[Columns.quantity]
        pointsCost = row[Columns.pointsCost]
        status = row[Columns.status]
        trackingNumber = row[Columns.trackingNumber]
        deliveryInfo = row[Columns.deliveryInfo]
        createdAt = row[Columns.createdAt]
        completedAt = row[Columns.completedAt]
        legacyExtras = row[Columns.legacyExtras]
        unitPoints = row[Columns.unitPoints]
        exchangeCode = row[Columns.exchangeCode]
        remark = row[Columns.remark]
        adminNotes = row[Columns.adminNotes]
        deliveryType = row[Columns.deliveryType]
        inventoryId = row[Columns.inventoryId]
        updatedAt = row[Columns.updatedAt]
        processedAt = row[Columns.processedAt]
        shippedAt = row[Columns.shippedAt]
        deliveredAt = row[Columns.deliveredAt]
        cancelledAt = row[Columns.cancelledAt]
        estimatedDelivery = row[Columns.estimatedDelivery]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.exchangeId] = exchangeId
        container[Columns.orderCode] = orderCode
        container[Columns.userId] = userId
        container[Columns.productId] = productId
        container[Columns.productName] = productName
        container[Columns.quantity] = quantity
        container[Columns.pointsCost] = pointsCost
        container[Columns.status] = status
        container[Columns.trackingNumber] = trackingNumber
        container[Columns.deliveryInfo] = deliveryInfo
        container[Columns.createdAt] = createdAt
        container[Columns.completedAt] = completedAt
        container[Columns.legacyExtras] = legacyExtras
        container[Columns.unitPoints] = unitPoints
        container[Columns.exchangeCode] = exchangeCode
        container[Columns.remark] = remark
        container[Columns.adminNotes] = adminNotes
        container[Columns.deliveryType] = deliveryType
        container[Columns.inventoryId] = inventoryId
        container[Columns.updatedAt] = updatedAt
        container[Columns.processedAt] = processedAt
        container[Columns.shippedAt] = shippedAt
        container[Columns.deliveredAt] = deliveredAt
        container[Columns.cancelledAt] = cancelledAt
        container[Columns.estimatedDelivery] = estimatedDelivery
    }
}
