import BridgeKit
/// `points/...`: balance, ledger, statistics, admin adjustment.
extension V4API {
    public enum Points {
        public static let balance = V4Endpoint<V4UserPath, V4PointsBalance>(
            "points.balance", .get, "points/balance/:user_id", access: .bearer, code: "BALANCE_SUCCESS", message: "积分余额查询成功")
        public static let transactions = V4Endpoint<V4TransactionsQuery, V4PointsTransactions>(
            "points.transactions", .get, "points/transactions/:user_id", access: .bearer, code: "TRANSACTIONS_SUCCESS",
            message: "积分交易记录查询成功")
        public static let statistics = V4Endpoint<V4UserPath, V4UserStatistics>(
            "points.statistics", .get, "points/user/statistics/:user_id", access: .bearer, code: "STATISTICS_SUCCESS",
            message: "用户统计数据获取成功")
        /// Extension: the ledger's totals by source, for the legacy points statistics.
        public static let breakdown = V4Endpoint<V4UserPath, V4PointsBreakdown>(
            "points.breakdown", .get, "points/breakdown/:user_id", access: .bearer, code: "BREAKDOWN_SUCCESS",
            message: "积分来源统计获取成功")
        public static let adjust = V4Endpoint<V4AdjustRequest, V4PointsAdjustment>(
            "points.adjust", .post, "points/admin/adjust", access: .bearer, code: "ADJUST_SUCCESS", message: "积分调整成功")

        static let all: [any V4EndpointDescription] = [balance, transactions, statistics, breakdown, adjust]
    }
}

/// `points/transactions/:user_id?page&limit&type&source_type`; `type` is `earn`, `consume` or
/// `all` (no filter); `source_type` is the core's extension filter.
public struct V4TransactionsQuery: V4FieldInput, Equatable {
    public var userId: Int64 = 0
    public var page = V4PageQuery(page: 1, limit: 20)
    public var type: String?
    public var sourceType: String?

    public init() {}
    public init(userId: Int64, page: V4PageQuery, type: String? = nil, sourceType: String? = nil) {
        self.userId = userId
        self.page = page
        self.type = type == "all" ? nil : type
        self.sourceType = sourceType
    }

    public static let fields: [V4Field<Self>] = [
        .path(\.userId, "user_id"), .page(\.page), .query(\.type, "type", allMeansEvery: true), .query(\.sourceType, "source_type"),
    ]

    public func validate() throws(V4Error) { try page.validate() }
}

/// `points/admin/adjust {user_id, amount, reason, type}`; the service checks presence and range.
@PublicInit
public struct V4AdjustRequest: V4FieldInput, Equatable {
    public var userId: Int64?
    public var amount: Int64?
    public var reason: String?
    public var type: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [
        .body(\.userId, "user_id", strict: false), .body(\.amount, "amount", strict: false), .body(\.reason, "reason"),
        .body(\.type, "type"),
    ]
}
