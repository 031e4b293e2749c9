import BridgeKit
/// `inventory/...` ([B] §3.4): the exchange catalogue, exchanging points for a product, the
/// caller's exchange records and inventory; and the admin's order routes (§3.8).
extension V4API {
    public enum Inventory {
        /// Also at [A]'s `/api/v4/inventory/products`.
        public static let products = V4Endpoint<V4ProductsQuery, V4ProductList>(
            "inventory.products", .get, "inventory/products", aliases: ["/api/v4/inventory/products"], access: .bearer,
            code: "PRODUCTS_SUCCESS", message: "兑换商品列表获取成功")
        /// `{product_id, quantity}`; also [B] utils/api.js's `inventory/exchange/:product_id`.
        public static let exchange = V4Endpoint<V4ExchangeRequest, V4ExchangeResult>(
            "inventory.exchange", .post, "inventory/exchange",
            aliases: ["inventory/exchange/:product_id", "/api/v4/inventory/exchange"], access: .bearer,
            code: "EXCHANGE_SUCCESS", message: "兑换成功"
        ).raising { result, context in context.userId.map { V4Event.afterExchange(result, userId: $0, at: context.now) } ?? [] }
        public static let exchangeRecords = V4Endpoint<V4ExchangeRecordsQuery, V4ExchangeRecords>(
            "inventory.exchange_records", .get, "inventory/exchange-records", aliases: ["/api/v4/inventory/exchange-records"],
            access: .bearer, code: "EXCHANGE_RECORDS_SUCCESS", message: "兑换记录获取成功")
        public static let cancelExchange = V4Endpoint<V4ExchangePath, V4ExchangeCancellation>(
            "inventory.cancel_exchange", .post, "inventory/exchange-records/:id/cancel",
            aliases: ["/api/v4/inventory/exchange-records/:id/cancel"], access: .bearer, code: "EXCHANGE_CANCEL_SUCCESS",
            message: "兑换已取消，积分已退还")
        /// Self or admin.
        public static let userInventory = V4Endpoint<V4UserInventoryQuery, V4UserInventory>(
            "inventory.user", .get, "inventory/user/:user_id", aliases: ["/api/v4/inventory/user/:user_id"], access: .bearer,
            code: "USER_INVENTORY_SUCCESS", message: "库存列表获取成功")

        static let all: [any V4EndpointDescription] = [products, exchange, exchangeRecords, cancelExchange, userInventory]
    }

    /// `admin/exchanges` ([B] §3.8): every user's orders, and moving one along its lifecycle.
    public enum Admin {
        public static let exchanges = V4Endpoint<V4AdminExchangesQuery, V4AdminExchanges>(
            "admin.exchanges", .get, "admin/exchanges", access: .bearer, code: "ADMIN_EXCHANGES_SUCCESS",
            message: "兑换订单列表获取成功")
        public static let updateExchangeStatus = V4Endpoint<V4ExchangeStatusRequest, V4ExchangeStatusChange>(
            "admin.exchange_status", .put, "admin/exchanges/:exchangeId/status", access: .bearer,
            code: "EXCHANGE_STATUS_UPDATED", message: "订单状态更新成功")

        static let all: [any V4EndpointDescription] = [exchanges, updateExchangeStatus]
    }
}

/// `inventory/products?page&limit&category&…`. Besides [B]'s `category`, the core filters by a
/// keyword, a points range and a stock level, and sorts (extensions the legacy catalogue needs).
public struct V4ProductsQuery: V4FieldInput, Equatable {
    /// `sort` values; `hot` is hot first, then by sales.
    public static let sortKeys: Set<String> = ["sort_order", "exchange_points", "created_at", "stock", "sales_count", "hot"]
    /// `stock_status` values: stock > 0, 0 < stock ≤ `V4Product.lowStockThreshold`, stock 0.
    public static let stockLevels: [String] = ["in_stock", "low_stock", "out_of_stock"]

    public var page = V4PageQuery(page: 1, limit: 20)
    public var category: String?
    public var search: String?
    public var minPoints: Int?
    public var maxPoints: Int?
    public var stockStatus: String?
    public var sort: String?
    /// `asc` or `desc`.
    public var order: String?

    public init() {}
    public init(
        page: V4PageQuery, category: String? = nil, search: String? = nil, minPoints: Int? = nil, maxPoints: Int? = nil,
        stockStatus: String? = nil, sort: String? = nil, order: String? = nil
    ) {
        self.page = page
        self.category = category
        self.search = search
        self.minPoints = minPoints
        self.maxPoints = maxPoints
        self.stockStatus = stockStatus
        self.sort = sort
        self.order = order?.lowercased()
    }

    public static let fields: [V4Field<Self>] = [
        .page(\.page), .query(\.category, "category"), .query(\.search, "search"), .query(\.minPoints, "min_points"),
        .query(\.maxPoints, "max_points"), .query(\.stockStatus, "stock_status"), .query(\.sort, "sort"),
        .query(\.order, "order", lowercased: true),
    ]

    public func validate() throws(V4Error) {
        try page.validate()
        for (key, value) in [("min_points", minPoints), ("max_points", maxPoints)] {
            if let value, !(0...V4Limits.maxPoints).contains(value) {
                throw V4Error(.invalidParameter, "参数 \(key) 必须在 0-\(V4Limits.maxPoints) 之间")
            }
        }
        if let sort, !Self.sortKeys.contains(sort) { throw V4Error(.invalidParameter, "参数 sort 无效") }
        if let order, !["asc", "desc"].contains(order) { throw V4Error(.invalidParameter, "参数 order 必须是 asc 或 desc") }
        if let stockStatus, !Self.stockLevels.contains(stockStatus) { throw V4Error(.invalidParameter, "参数 stock_status 无效") }
        if let search, search.count > 100 { throw V4Error(.invalidParameter, "参数 search 过长") }
        if let category, category.count > 50 { throw V4Error(.invalidParameter, "参数 category 过长") }
    }
}

/// `inventory/exchange {product_id, quantity}` or `inventory/exchange/:product_id {quantity}`.
/// Extensions keep what a legacy client sent with its order: `delivery_info` (utils/api.js's
/// `address` string is read as its address) and `remark`.
@PublicInit
public struct V4ExchangeRequest: V4FieldInput, Equatable {
    public static let quantityRange = 1...1000

    public var productId: Int64?
    public var quantity = 1
    public var delivery: V4DeliveryInfo?
    public var remark: String?

    public init() {}

    /// `product_id` from the path (`exchange/:product_id`) or the body; the delivery from
    /// `delivery_info`, or from `address` (an object, or utils/api.js's string).
    public static let fields: [V4Field<Self>] = [
        V4Field { (input, value) throws(V4Error) in
            value.productId = input.path["product_id"] != nil ? try input.pathInt("product_id") : try input.int("product_id").map(Int64.init)
        } write: { value, input in if let id = value.productId { input.body["product_id"] = .int(id) } },
        .body(\.quantity, "quantity"),
        V4Field { (input, value) throws(V4Error) in
            var delivery = try V4DeliveryInfo(input.body["delivery_info"], field: "delivery_info")
            if delivery == nil, let address = input.body["address"] {
                delivery = address.objectValue != nil
                    ? try V4DeliveryInfo(address, field: "address")
                    : try input.string("address").map { V4DeliveryInfo(address: $0) }
            }
            value.delivery = delivery
        } write: { value, input in if let delivery = value.delivery { input.body["delivery_info"] = delivery.json } },
        .body(\.remark, "remark"),
    ]

    public func validate() throws(V4Error) {
        guard let productId else { throw V4Error(.missingParameter, "缺少必需参数 product_id") }
        guard productId > 0 else { throw V4Error(.invalidParameter, "参数 product_id 无效") }
        guard Self.quantityRange.contains(quantity) else {
            throw V4Error(.invalidParameter, "兑换数量必须在\(Self.quantityRange.lowerBound)-\(Self.quantityRange.upperBound)之间")
        }
        try delivery?.validate()
        if let remark, remark.count > 500 { throw V4Error(.invalidParameter, "备注不能超过500个字符") }
    }
}

/// `inventory/exchange-records?page&limit&status` (`all` or absent: every status).
public typealias V4ExchangeRecordsQuery = V4StatusPageQuery<V4ExchangeStatus>

/// `inventory/exchange-records/:id/cancel`.
public struct V4ExchangePath: V4FieldInput, Equatable {
    public var exchangeId: Int64 = 0

    public init() {}
    public init(exchangeId: Int64) { self.exchangeId = exchangeId }

    public static let fields: [V4Field<Self>] = [.path(\.exchangeId, "id")]

    public func validate() throws(V4Error) {
        guard exchangeId > 0 else { throw V4Error(.invalidParameter, "路径参数 id 无效") }
    }
}

/// `inventory/user/:user_id?page&limit&status&type` ([B]: status available|used|expired|transferred,
/// type prize|exchange|points|voucher).
public struct V4UserInventoryQuery: V4FieldInput, Equatable {
    public static let statuses: Set<String> = ["available", "used", "expired", "transferred"]

    public var userId: Int64 = 0
    public var page = V4PageQuery(page: 1, limit: 20)
    public var status: String?
    public var type: String?

    public init() {}
    public init(userId: Int64, page: V4PageQuery, status: String? = nil, type: String? = nil) {
        self.userId = userId
        self.page = page
        self.status = status
        self.type = type
    }

    public static let fields: [V4Field<Self>] = [
        .path(\.userId, "user_id"), .page(\.page), .query(\.status, "status"), .query(\.type, "type"),
    ]

    public func validate() throws(V4Error) {
        try page.validate()
        if let status, !Self.statuses.contains(status) { throw V4Error(.invalidParameter, "参数 status 无效") }
        if let type, type.count > 50 { throw V4Error(.invalidParameter, "参数 type 无效") }
    }
}

/// `admin/exchanges?page&limit&status&user_id`.
public struct V4AdminExchangesQuery: V4FieldInput, Equatable {
    public var page = V4PageQuery(page: 1, limit: 20)
    public var status: String?
    public var userId: Int64?

    public init() {}
    public init(page: V4PageQuery, status: String? = nil, userId: Int64? = nil) {
        self.page = page
        self.status = status == "all" ? nil : status
        self.userId = userId
    }

    public static let fields: [V4Field<Self>] = [
        .page(\.page), .query(\.status, "status", allMeansEvery: true), .query(\.userId, "user_id"),
    ]

    public func validate() throws(V4Error) {
        try page.validate()
        try V4ExchangeStatus.validateFilter(status)
    }
}

/// `admin/exchanges/:exchangeId/status {status, tracking_number, notes}`: forward along the
/// lifecycle (`shipped` needs a tracking number), or `cancelled` (refunded) before shipment.
public struct V4ExchangeStatusRequest: V4FieldInput, Equatable {
    public var exchangeId: Int64 = 0
    public var status: String?
    public var trackingNumber: String?
    public var notes: String?

    public init() {}
    public init(exchangeId: Int64, status: String?, trackingNumber: String? = nil, notes: String? = nil) {
        self.exchangeId = exchangeId
        self.status = status
        self.trackingNumber = trackingNumber
        self.notes = notes
    }

    public static let fields: [V4Field<Self>] = [
        .path(\.exchangeId, "exchangeId"), .body(\.status, "status"), .body(\.trackingNumber, "tracking_number"),
        .body(\.notes, "notes"),
    ]

    public func validate() throws(V4Error) {
        guard let status else { throw V4Error(.missingParameter, "缺少必需参数 status") }
        guard V4ExchangeStatus(rawValue: status) != nil else { throw V4Error(.invalidParameter, "参数 status 无效") }
        if let trackingNumber, trackingNumber.isEmpty || trackingNumber.count > 100 {
            throw V4Error(.invalidParameter, "物流单号长度必须在1-100之间")
        }
        if let notes, notes.count > 500 { throw V4Error(.invalidParameter, "备注不能超过500个字符") }
    }
}

/// Bounds on amounts the core accepts from clients: no product price, points range or
/// balance arithmetic can overflow inside them.
public enum V4Limits {
    /// The largest points figure a request may carry (a price, a range bound, an adjustment).
    public static let maxPoints = 100_000_000
}
