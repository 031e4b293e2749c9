import V4Contract

/// `points/...`: balance, ledger and statistics (self or admin), admin adjustment.
struct PointsHandlers {
    let points: PointsService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Points.balance) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await points.balance(of: input.userId)
        }
        handlers.on(V4API.Points.transactions) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await points.transactions(of: input.userId, page: input.page, type: input.type, sourceType: input.sourceType)
        }
        handlers.on(V4API.Points.statistics) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await points.statistics(of: input.userId)
        }
        handlers.on(V4API.Points.breakdown) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await points.breakdown(of: input.userId)
        }
        handlers.on(V4API.Points.adjust) { input, caller in
            try await points.adjust(
                userId: input.userId, amount: input.amount.map { Int($0) }, reason: input.reason, type: input.type,
                by: caller.authenticated)
        }
    }
}
