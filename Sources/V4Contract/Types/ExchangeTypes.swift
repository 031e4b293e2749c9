import BridgeKit

/// One exchangeable product as the core lists it: [B]'s public fields plus the extensions the
/// legacy product list shows (stock, shelf price, hot flag, order, sales). Never `cost_price`.
public struct V4Product: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var description: String?
    public var category: String?
    public var space: String
    public var exchangePoints: Int
    public var image: String?
    public var available: Bool
    public var status: String
    public var createdAt: String
    /// Extensions.
    public var stock: Int
    public var originalPrice: Double?
    public var isHot: Bool
    public var sortOrder: Int
    public var salesCount: Int
    /// The shelf price as a percentage of `original_price` (legacy `discount`, 86 = 86 %); nil: full price.
    public var discount: Int?
    /// `virtual` (completed at once) or `physical` (shipped).
    public var deliveryType: String

    /// Stock at or below this (and above 0) is `low_stock`.
    public static let lowStockThreshold = 10

    enum CodingKeys: String, CodingKey {
        case id, name, description, category, space, exchangePoints = "exchange_points", image, available, status
        case createdAt = "created_at", stock, originalPrice = "original_price", isHot = "is_hot", sortOrder = "sort_order"
        case salesCount = "sales_count", discount, deliveryType = "delivery_type"
    }

    public init(id: Int64, name: String, description: String? = nil, category: String? = nil, space: String, exchangePoints: Int, image: String? = nil, available: Bool, status: String, createdAt: String, stock: Int, originalPrice: Double? = nil, isHot: Bool, sortOrder: Int, salesCount: Int, discount: Int? = nil, deliveryType: String = "physical") {
        self.discount = discount
        self.deliveryType = deliveryType
        self.id = id
        self.name = name
        self.description = description
        self.category = category
        self.space = space
        self.exchangePoints = exchangePoints
        self.image = image
        self.available = available
        self.status = status
        self.createdAt = createdAt
        self.stock = stock
        self.originalPrice = originalPrice
        self.isHot = isHot
        self.sortOrder = sortOrder
        self.salesCount = salesCount
    }
}

/// `GET …/inventory/products`.
@PublicInit
public struct V4ProductList: Codable, Sendable, Equatable {
    public var products: [V4Product]
    public var pagination: V4Pagination
    public var filters: Filters
    /// Extension: counts over every active product.
    public var summary: Summary?

    public struct Filters: Codable, Sendable, Equatable {
        public var spaces: [String]
        public var categories: [String]
        /// Extension: the lowest and highest `exchange_points` on offer.
        public var priceRange: PriceRange?

        enum CodingKeys: String, CodingKey { case spaces, categories, priceRange = "price_range" }

        public init(spaces: [String], categories: [String], priceRange: PriceRange? = nil) {
            self.spaces = spaces
            self.categories = categories
            self.priceRange = priceRange
        }
    }

    @PublicInit
    public struct PriceRange: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var totalProducts: Int
        public var availableProducts: Int
        public var hotProducts: Int
        /// Active products with 0 < stock ≤ `V4Product.lowStockThreshold`, and with none.
        public var lowStockProducts: Int
        public var outOfStockProducts: Int
        /// Products off the shelf (not counted above).
        public var inactiveProducts: Int

        enum CodingKeys: String, CodingKey {
            case totalProducts = "total_products", availableProducts = "available_products", hotProducts = "hot_products"
            case lowStockProducts = "low_stock_products", outOfStockProducts = "out_of_stock_products"
            case inactiveProducts = "inactive_products"
        }

        public init(totalProducts: Int, availableProducts: Int, hotProducts: Int, lowStockProducts: Int = 0, outOfStockProducts: Int = 0, inactiveProducts: Int = 0) {
            self.inactiveProducts = inactiveProducts
            self.lowStockProducts = lowStockProducts
            self.outOfStockProducts = outOfStockProducts
            self.totalProducts = totalProducts
            self.availableProducts = availableProducts
            self.hotProducts = hotProducts
        }
    }
}

/// Where an exchanged product goes ([B] `address`, the legacy `delivery_info`/`user_address`),
/// as the core stores it.
@PublicInit
public struct V4DeliveryInfo: Codable, Sendable, Equatable {
    public var recipientName: String?
    public var recipientPhone: String?
    public var address: String?
    public var postalCode: String?
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case recipientName = "recipient_name", recipientPhone = "recipient_phone", address, postalCode = "postal_code", note
    }

    /// Reads an object of strings (absent or null: nil); anything else is `INVALID_PARAMETER`.
    public init?(_ value: JSONValue?, field: String) throws(V4Error) {
        guard let value, value != .null else { return nil }
        guard let object = value.objectValue else { throw V4Error(.invalidParameter, "参数 \(field) 必须是对象") }
        func text(_ key: String) throws(V4Error) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case .int(let i)?: return String(i)
            default: throw V4Error(.invalidParameter, "参数 \(field).\(key) 必须是字符串")
            }
        }
        self.init(
            recipientName: try text("recipient_name"), recipientPhone: try text("recipient_phone"), address: try text("address"),
            postalCode: try text("postal_code"), note: try text("note"))
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["recipient_name"] = JSONValue(recipientName)
        object["recipient_phone"] = JSONValue(recipientPhone)
        object["address"] = JSONValue(address)
        object["postal_code"] = JSONValue(postalCode)
        object["note"] = JSONValue(note)
        return .object(object)
    }

    public var isEmpty: Bool { [recipientName, recipientPhone, address, postalCode, note].allSatisfy { $0 == nil } }

    public func validate() throws(V4Error) {
        for (name, value, limit) in [
            ("recipient_name", recipientName, 50), ("recipient_phone", recipientPhone, 20), ("address", address, 200),
            ("postal_code", postalCode, 20), ("note", note, 200),
        ] {
            if let value, value.count > limit { throw V4Error(.invalidParameter, "收货信息 \(name) 不能超过\(limit)个字符") }
        }
    }
}

/// An order's lifecycle: pending → processing → shipped → delivered for physical goods,
/// `completed` at once for virtual goods ([B]'s `completed` also closes a physical order), or
/// `cancelled` (refunded) before shipment.
public enum V4ExchangeStatus: String, Sendable, CaseIterable, Codable {
    case pending, processing, shipped, delivered, completed, cancelled

    /// Position along the lifecycle; a status may only move forward.
    public var step: Int {
        switch self {
        case .pending: 0
        case .processing: 1
        case .shipped: 2
        case .delivered, .completed, .cancelled: 3
        }
    }

    public var isFinal: Bool { step == 3 }

    /// [B]'s `status_text`.
    public var text: String {
        switch self {
        case .pending: "待发货"
        case .processing: "处理中"
        case .shipped: "已发货"
        case .delivered: "已送达"
        case .completed: "已完成"
        case .cancelled: "已取消"
        }
    }

    /// A `status` filter: absent, or one of the statuses.
    public static func validateFilter(_ status: String?) throws(V4Error) {
        if let status, Self(rawValue: status) == nil { throw V4Error(.invalidParameter, "参数 status 无效") }
    }
}

extension V4ExchangeStatus: V4StatusVocabulary {
    public static let statuses = Set(allCases.map(\.rawValue))
}

/// One exchange order, as the core answers it: [B]'s record fields (`exchange_id`, and `id` as
/// the records list names it) plus the extensions the legacy orders show.
public struct V4Exchange: Codable, Sendable, Equatable {
    public var id: Int64
    public var exchangeId: Int64
    /// The legacy order id (`EX20251201` + sequence).
    public var orderCode: String
    /// Admin listings only.
    public var userId: Int64?
    public var userMobile: String?
    public var productId: Int64
    public var productName: String
    public var quantity: Int
    public var unitPoints: Int
    /// What the order cost in total (`unit_points` × `quantity`).
    public var pointsCost: Int
    public var status: V4ExchangeStatus
    public var statusText: String
    public var canCancel: Bool
    /// `virtual` or `physical`.
    public var deliveryType: String
    public var deliveryInfo: V4DeliveryInfo?
    public var remark: String?
    /// The redemption code of the order (D0 `exchange_code`).
    public var exchangeCode: String
    /// Hidden from the user until the order has shipped.
    public var trackingNumber: String?
    public var createdAt: String
    public var updatedAt: String
    public var processedAt: String?
    public var shippedAt: String?
    public var deliveredAt: String?
    public var cancelledAt: String?
    /// Physical goods: the latest expected delivery (ISO); nil for virtual goods.
    public var estimatedDelivery: String?

    enum CodingKeys: String, CodingKey {
        case id, exchangeId = "exchange_id", orderCode = "order_code", userId = "user_id", userMobile = "user_mobile"
        case productId = "product_id", productName = "product_name", quantity, unitPoints = "unit_points"
        case pointsCost = "points_cost", status, statusText = "status_text", canCancel = "can_cancel"
        case deliveryType = "delivery_type", deliveryInfo = "delivery_info", remark, exchangeCode = "exchange_code"
        case trackingNumber = "tracking_number", createdAt = "created_at", updatedAt = "updated_at"
        case processedAt = "processed_at", shippedAt = "shipped_at", deliveredAt = "delivered_at"
        case cancelledAt = "cancelled_at", estimatedDelivery = "estimated_delivery"
    }

    public init(
        exchangeId: Int64, orderCode: String, userId: Int64? = nil, userMobile: String? = nil, productId: Int64,
        productName: String, quantity: Int, unitPoints: Int, pointsCost: Int, status: V4ExchangeStatus, canCancel: Bool,
        deliveryType: String, deliveryInfo: V4DeliveryInfo? = nil, remark: String? = nil, exchangeCode: String,
        trackingNumber: String? = nil, createdAt: String, updatedAt: String, processedAt: String? = nil,
        shippedAt: String? = nil, deliveredAt: String? = nil, cancelledAt: String? = nil, estimatedDelivery: String? = nil
    ) {
        self.id = exchangeId
        self.exchangeId = exchangeId
        self.orderCode = orderCode
        self.userId = userId
        self.userMobile = userMobile
        self.productId = productId
        self.productName = productName
        self.quantity = quantity
        self.unitPoints = unitPoints
        self.pointsCost = pointsCost
        self.status = status
        self.statusText = status.text
        self.canCancel = canCancel
        self.deliveryType = deliveryType
        self.deliveryInfo = deliveryInfo
        self.remark = remark
        self.exchangeCode = exchangeCode
        self.trackingNumber = trackingNumber
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.processedAt = processedAt
        self.shippedAt = shippedAt
        self.deliveredAt = deliveredAt
        self.cancelledAt = cancelledAt
        self.estimatedDelivery = estimatedDelivery
    }
}

/// A held item as the exchange answer names it ([B] `inventory_item`).
@PublicInit
public struct V4InventoryItemRef: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var type: String
    public var status: String
}

/// `POST inventory/exchange`.
@PublicInit
public struct V4ExchangeResult: Codable, Sendable, Equatable {
    public var exchange: V4Exchange
    public var inventoryItem: V4InventoryItemRef
    public var remainingPoints: Int
    /// Extension: the product's stock after the exchange (what a live stock push needs).
    public var remainingStock: Int?

    enum CodingKeys: String, CodingKey {
        case exchange, inventoryItem = "inventory_item", remainingPoints = "remaining_points", remainingStock = "remaining_stock"
    }
}

/// `GET inventory/exchange-records`.
@PublicInit
public struct V4ExchangeRecords: Codable, Sendable, Equatable {
    public var records: [V4Exchange]
    public var pagination: V4Pagination
}

/// `GET admin/exchanges`.
@PublicInit
public struct V4AdminExchanges: Codable, Sendable, Equatable {
    public var exchanges: [V4Exchange]
    public var pagination: V4Pagination
}

/// `POST inventory/exchange-records/:id/cancel`.
public struct V4ExchangeCancellation: Codable, Sendable, Equatable {
    public var exchangeId: Int64
    public var refundedPoints: Int
    public var newBalance: Int
    public var status: V4ExchangeStatus

    enum CodingKeys: String, CodingKey {
        case exchangeId = "exchange_id", refundedPoints = "refunded_points", newBalance = "new_balance", status
    }

    public init(exchangeId: Int64, refundedPoints: Int, newBalance: Int, status: V4ExchangeStatus = .cancelled) {
        self.exchangeId = exchangeId
        self.refundedPoints = refundedPoints
        self.newBalance = newBalance
        self.status = status
    }
}

/// `PUT admin/exchanges/:exchangeId/status`.
@PublicInit
public struct V4ExchangeStatusChange: Codable, Sendable, Equatable {
    public var exchangeId: Int64
    public var status: V4ExchangeStatus
    public var previousStatus: V4ExchangeStatus
    public var trackingNumber: String?
    public var updatedAt: String
    /// Points given back when the change cancelled the order.
    public var refundedPoints: Int?

    enum CodingKeys: String, CodingKey {
        case exchangeId = "exchange_id", status, previousStatus = "previous_status", trackingNumber = "tracking_number"
        case updatedAt = "updated_at", refundedPoints = "refunded_points"
    }
}

/// One item a user holds ([B] `inventory/user/:user_id`, public fields).
@PublicInit
public struct V4InventoryItem: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var type: String
    public var value: String?
    public var status: String
    public var acquiredAt: String
    public var expiresAt: String?
    public var usedAt: String?
    public var expiringSoon: Bool
    public var canUse: Bool
    public var canTransfer: Bool
    public var transferCount: Int

    enum CodingKeys: String, CodingKey {
        case id, name, type, value, status, acquiredAt = "acquired_at", expiresAt = "expires_at", usedAt = "used_at"
        case expiringSoon = "expiring_soon", canUse = "can_use", canTransfer = "can_transfer", transferCount = "transfer_count"
    }
}

/// `GET inventory/user/:user_id`.
@PublicInit
public struct V4UserInventory: Codable, Sendable, Equatable {
    public var items: [V4InventoryItem]
    public var pagination: V4Pagination
    public var summary: Summary

    @PublicInit
    public struct Summary: Codable, Sendable, Equatable {
        public var totalItems: Int
        public var availableItems: Int
        public var usedItems: Int
        public var expiredItems: Int

        enum CodingKeys: String, CodingKey {
            case totalItems = "total_items", availableItems = "available_items", usedItems = "used_items"
            case expiredItems = "expired_items"
        }
    }
}
