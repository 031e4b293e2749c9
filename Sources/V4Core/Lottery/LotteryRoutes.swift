import Hummingbird

/// `/api/v4/unified-engine/lottery/...` ([B]).
public struct LotteryRoutes: Sendable {
    let auth: AuthService
    let lottery: LotteryService

    public init(auth: AuthService, lottery: LotteryService) {
        self.auth = auth
        self.lottery = lottery
    }

    public func register(on group: RouterGroup<AppRequestContext>) {
        group
            .v4(.get, "campaigns", access: .bearer, auth: auth, code: "CAMPAIGNS_SUCCESS", message: "活动列表获取成功") { call in
                try await lottery.campaigns(status: call.input.queryString("status"))
            }
            .v4(.get, "prizes/:campaignCode", access: .bearer, auth: auth, code: "PRIZES_SUCCESS", message: "奖品列表获取成功") { call in
                try await lottery.prizes(campaignCode: call.pathString("campaignCode"), full: call.caller.isAdmin)
            }
            .v4(.get, "config/:campaignCode", access: .bearer, auth: auth, code: "CONFIG_SUCCESS", message: "抽奖配置获取成功") { call in
                try await lottery.config(campaignCode: call.pathString("campaignCode"), for: call.caller)
            }
            .v4(.post, "draw", access: .bearer, auth: auth, code: "DRAW_SUCCESS", message: "抽奖成功") { call in
                let count = try call.input.int("draw_count") ?? 1
                return try await lottery.draw(
                    campaignCode: call.input.string("campaign_code"), campaignId: try call.input.int("campaign_id").map(Int64.init),
                    drawCount: count, drawType: call.input.string("draw_type"), for: call.caller)
            }
            .v4(.get, "history/:user_id", access: .bearer, auth: auth, code: "HISTORY_SUCCESS", message: "抽奖历史获取成功") { call in
                let userId = try call.pathInt("user_id")
                try call.requireSelfOrAdmin(userId)
                let paging = try call.input.pageQuery()
                return try await lottery.history(
                    userId: userId, page: paging.page, limit: paging.limit, drawType: call.input.queryString("draw_type"),
                    prizeType: call.input.queryString("prize_type"))
            }
            .v4(.get, "statistics/:user_id", access: .bearer, auth: auth, code: "STATISTICS_SUCCESS", message: "抽奖统计获取成功") { call in
                let userId = try call.pathInt("user_id")
                try call.requireSelfOrAdmin(userId)
                return try await lottery.statistics(
                    userId: userId, campaignCode: call.input.queryString("campaign_code"))
            }
    }
}
