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
public struct V4ProductsQuery: V4EndpointInput, Equatable {
    /// `sort` values; `hot` is hot first, then by sales.
    public static let sortKeys: Set<String> = ["sort_order", "exchange_points", "created_at", "stock", "sales_count", "hot"]
    /// `stock_status` values: stock > 0, 0 < stock ≤ `V4Product.lowStockThreshold`, stock 0.
    public static let stockLevels: [String] = ["in_stock", "low_stock", "out_of_stock"]

    public var page: V4PageQuery
    public var category: String?
    public var search: String?
    public var minPoints: Int?
    public var maxPoints: Int?
    public var stockStatus: String?
    public var sort: String?
    /// `asc` or `desc`.
    public var order: String?

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

    public init(from input: V4Input) throws(V4Error) {
        func points(_ key: String) throws(V4Error) -> Int? {
            guard let text = input.queryString(key) else { return nil }
            guard let value = Int(text) else { throw V4Error(.invalidParameter, "参数 \(key) 必须是整数") }
            return value
        }
        self.init(
            page: try V4PageQuery(from: input), category: input.queryString("category"), search: input.queryString("search"),
            minPoints: try points("min_points"), maxPoints: try points("max_points"),
            stockStatus: input.queryString("stock_status"), sort: input.queryString("sort"), order: input.queryString("order"))
    }

    public func write(to input: inout V4Input) {
        page.write(to: &input)
        input.setQuery("category", category)
        input.setQuery("search", search)
        input.setQuery("min_points", minPoints.map(String.init))
        input.setQuery("max_points", maxPoints.map(String.init))
        input.setQuery("stock_status", stockStatus)
        input.setQuery("sort", sort)
        input.setQuery("order", order)
    }

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
public struct V4ExchangeRequest: V4EndpointInput, Equatable {
    public static let quantityRange = 1...1000

    public var productId: Int64?
    public var quantity: Int
    public var delivery: V4DeliveryInfo?
    public var remark: String?

    public init(productId: Int64?, quantity: Int = 1, delivery: V4DeliveryInfo? = nil, remark: String? = nil) {
        self.productId = productId
        self.quantity = quantity
        self.delivery = delivery
        self.remark = remark
    }

    public init(from input: V4Input) throws(V4Error) {
        let productId: Int64? =
            if input.path["product_id"] != nil { try input.pathInt("product_id") } else { try input.int("product_id").map(Int64.init) }
        var delivery = try V4DeliveryInfo(input.body["delivery_info"], field: "delivery_info")
        if delivery == nil, let address = input.body["address"] {
            delivery = address.objectValue != nil
                ? try V4DeliveryInfo(address, field: "address")
                : try input.string("address").map { V4DeliveryInfo(address: $0) }
        }
        self.init(productId: productId, quantity: try input.int("quantity") ?? 1, delivery: delivery, remark: try input.string("remark"))
    }

    public func write(to input: inout V4Input) {
        if let productId { input.body["product_id"] = .int(productId) }
        input.body["quantity"] = .int(Int64(quantity))
        if let delivery { input.body["delivery_info"] = delivery.json }
        input.setBody("remark", remark)
    }

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
public struct V4ExchangePath: V4EndpointInput, Equatable {
    public var exchangeId: Int64

    public init(exchangeId: Int64) { self.exchangeId = exchangeId }

    public init(from input: V4Input) throws(V4Error) { exchangeId = try input.pathInt("id") }

    public func write(to input: inout V4Input) { input.path["id"] = String(exchangeId) }

    public func validate() throws(V4Error) {
        guard exchangeId > 0 else { throw V4Error(.invalidParameter, "路径参数 id 无效") }
    }
}

/// `inventory/user/:user_id?page&limit&status&type` ([B]: status available|used|expired|transferred,
/// type prize|exchange|points|voucher).
public struct V4UserInventoryQuery: V4EndpointInput, Equatable {
    public static let statuses: Set<String> = ["available", "used", "expired", "transferred"]

    public var userId: Int64
    public var page: V4PageQuery
    public var status: String?
    public var type: String?

    public init(userId: Int64, page: V4PageQuery, status: String? = nil, type: String? = nil) {
        self.userId = userId
        self.page = page
        self.status = status
        self.type = type
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(
            userId: try input.pathInt("user_id"), page: try V4PageQuery(from: input), status: input.queryString("status"),
            type: input.queryString("type"))
    }

    public func write(to input: inout V4Input) {
        input.path["user_id"] = String(userId)
        page.write(to: &input)
        input.setQuery("status", status)
        input.setQuery("type", type)
    }

    public func validate() throws(V4Error) {
        try page.validate()
        if let status, !Self.statuses.contains(status) { throw V4Error(.invalidParameter, "参数 status 无效") }
        if let type, type.count > 50 { throw V4Error(.invalidParameter, "参数 type 无效") }
    }
}

/// `admin/exchanges?page&limit&status&user_id`.
public struct V4AdminExchangesQuery: V4EndpointInput, Equatable {
    public var page: V4PageQuery
    public var status: String?
    public var userId: Int64?

    public init(page: V4PageQuery, status: String? = nil, userId: Int64? = nil) {
        self.page = page
        self.status = status == "all" ? nil : status
        self.userId = userId
    }

    public init(from input: V4Input) throws(V4Error) {
        var userId: Int64?
        if let text = input.queryString("user_id") {
            guard let id = Int64(text), id > 0 else { throw V4Error(.invalidParameter, "参数 user_id 无效") }
            userId = id
        }
        self.init(page: try V4PageQuery(from: input), status: input.queryString("status"), userId: userId)
    }

    public func write(to input: inout V4Input) {
        page.write(to: &input)
        input.setQuery("status", status)
        input.setQuery("user_id", userId.map(String.init))
    }

    public func validate() throws(V4Error) {
        try page.validate()
        try V4ExchangeStatus.validateFilter(status)
    }
}

/// `admin/exchanges/:exchangeId/status {status, tracking_number, notes}`: forward along the
/// lifecycle (`shipped` needs a tracking number), or `cancelled` (refunded) before shipment.
public struct V4ExchangeStatusRequest: V4EndpointInput, Equatable {
    public var exchangeId: Int64
    public var status: String?
    public var trackingNumber: String?
    public var notes: String?

    public init(exchangeId: Int64, status: String?, trackingNumber: String? = nil, notes: String? = nil) {
        self.exchangeId = exchangeId
        self.status = status
        self.trackingNumber = trackingNumber
        self.notes = notes
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(
            exchangeId: try input.pathInt("exchangeId"), status: try input.string("status"),
            trackingNumber: try input.string("tracking_number"), notes: try input.string("notes"))
    }

    public func write(to input: inout V4Input) {
        input.path["exchangeId"] = String(exchangeId)
        input.setBody("status", status)
        input.setBody("tracking_number", trackingNumber)
        input.setBody("notes", notes)
    }

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
