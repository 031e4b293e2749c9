import V4Contract

/// `lottery/...` ([B]): campaigns, prizes (full for admins), config, draw, history, statistics;
/// `admin/lottery/campaigns/:campaignId/{status,config}`.
struct LotteryHandlers {
    let lottery: LotteryService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Lottery.campaigns) { input, _ in V4ListPayload(try await lottery.campaigns(status: input.status)) }
        handlers.on(V4API.Lottery.prizes) { input, caller in
            try await lottery.prizes(campaignCode: input.campaignCode, full: caller.authenticated.isAdmin)
        }
        handlers.on(V4API.Lottery.config) { input, caller in
            try await lottery.config(campaignCode: input.campaignCode, for: caller.authenticated)
        }
        handlers.on(V4API.Lottery.draw) { input, caller in
            try await lottery.draw(
                campaignCode: input.campaignCode, campaignId: input.campaignId, drawCount: input.drawCount,
                drawType: input.drawType, for: caller.authenticated)
        }
        handlers.on(V4API.Lottery.history) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await lottery.history(
                userId: input.userId, page: input.page.page, limit: input.page.limit, drawType: input.drawType,
                prizeType: input.prizeType)
        }
        handlers.on(V4API.LotteryAdmin.campaignStatus) { input, caller in try await lottery.updateStatus(input, by: caller.authenticated) }
        handlers.on(V4API.LotteryAdmin.campaignConfig) { input, caller in
            try await lottery.updateConfiguration(input, by: caller.authenticated)
        }
        handlers.on(V4API.Lottery.statistics) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await lottery.statistics(userId: input.userId, campaignCode: input.campaignCode)
        }
    }
}
