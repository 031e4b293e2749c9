import BridgeKit
import Hummingbird

/// `/api/v4/unified-engine/points/...`
public struct PointsRoutes: Sendable {
    let auth: AuthService
    let points: PointsService

    public init(auth: AuthService, points: PointsService) {
        self.auth = auth
        self.points = points
    }

    public func register(on group: RouterGroup<AppRequestContext>) {
        group
            .v4(.get, "balance/:user_id", access: .bearer, auth: auth, code: "BALANCE_SUCCESS", message: "积分余额查询成功") { call in
                let userId = try call.pathInt("user_id")
                try call.requireSelfOrAdmin(userId)
                return try await points.balance(of: userId)
            }
            .v4(.get, "transactions/:user_id", access: .bearer, auth: auth, code: "TRANSACTIONS_SUCCESS", message: "积分交易记录查询成功") {
                call in
                let userId = try call.pathInt("user_id")
                try call.requireSelfOrAdmin(userId)
                return try await points.transactions(
                    of: userId, page: call.input.pageQuery(),
                    type: call.input.queryString("type").flatMap { $0 == "all" ? nil : $0 },
                    sourceType: call.input.queryString("source_type"))
            }
            .v4(.get, "user/statistics/:user_id", access: .bearer, auth: auth, code: "STATISTICS_SUCCESS", message: "用户统计数据获取成功") {
                call in
                let userId = try call.pathInt("user_id")
                try call.requireSelfOrAdmin(userId)
                return try await points.statistics(of: userId)
            }
            .v4(.post, "admin/adjust", access: .bearer, auth: auth, code: "ADJUST_SUCCESS", message: "积分调整成功") { call in
                let userId = call.input.body["user_id"]?.intValue
                let amount = call.input.body["amount"]?.intValue
                return try await points.adjust(
                    userId: userId, amount: amount.map { Int($0) }, reason: call.input.string("reason"),
                    type: call.input.string("type"), by: call.caller)
            }
    }
}
