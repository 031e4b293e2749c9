import BridgeKit
import V4Core

/// The V4 calls the legacy routes make, named after the V4 endpoints.
extension V4Client {
    public func login(mobile: String, code: String, requestID: String) async throws(V4ClientError) -> V4TokenGrant {
        try await call(.post, "/auth/login", body: ["mobile": .string(mobile), "verification_code": .string(code)], requestID: requestID)
    }

    public func adminLogin(username: String, password: String, requestID: String) async throws(V4ClientError) -> V4AdminGrant {
        try await call(.post, "/auth/admin-login", body: ["username": .string(username), "password": .string(password)], requestID: requestID)
    }

    public func refresh(refreshToken: String, requestID: String) async throws(V4ClientError) -> V4TokenGrant {
        try await call(.post, "/auth/refresh", body: ["refresh_token": .string(refreshToken)], requestID: requestID)
    }

    public func verify(token: String, requestID: String) async throws(V4ClientError) -> V4Verification {
        try await call(.post, "/auth/verify", token: token, requestID: requestID)
    }

    public func profile(token: String, requestID: String) async throws(V4ClientError) -> V4Profile {
        try await call(.get, "/auth/profile", token: token, requestID: requestID)
    }

    public func updateProfile(token: String, nickname: String?, avatar: String?, requestID: String) async throws(V4ClientError)
        -> V4Profile
    {
        var body = JSONObject()
        if let nickname { body["nickname"] = .string(nickname) }
        if let avatar { body["avatar"] = .string(avatar) }
        return try await call(.put, "/auth/profile", token: token, body: .object(body), requestID: requestID)
    }

    public func logout(token: String, requestID: String) async throws(V4ClientError) -> V4Logout {
        try await call(.post, "/auth/logout", token: token, requestID: requestID)
    }

    public func sendCode(mobile: String, requestID: String) async throws(V4ClientError) -> V4CodeSent {
        try await call(.post, "/auth/send-code", body: ["mobile": .string(mobile)], requestID: requestID)
    }

    public func balance(userId: Int64, token: String, requestID: String) async throws(V4ClientError) -> V4PointsBalance {
        try await call(.get, "/points/balance/\(userId)", token: token, requestID: requestID)
    }

    public func statistics(userId: Int64, token: String, requestID: String) async throws(V4ClientError) -> V4UserStatistics {
        try await call(.get, "/points/user/statistics/\(userId)", token: token, requestID: requestID)
    }

    /// `type` is `earn` or `consume`; `sourceType` is the core's extension filter.
    public func pointsTransactions(
        userId: Int64, page: Int, limit: Int, type: String?, sourceType: String?, token: String, requestID: String
    ) async throws(V4ClientError) -> V4PointsTransactions {
        let query = V4Query.string(["page": String(page), "limit": String(limit), "type": type, "source_type": sourceType])
        return try await call(.get, "/points/transactions/\(userId)?\(query)", token: token, requestID: requestID)
    }
}

extension V4Client {
    /// The caller's own uploads, newest first.
    public func myUploads(page: Int, limit: Int, reviewStatus: String?, token: String, requestID: String) async throws(V4ClientError)
        -> V4PhotoUploads
    {
        let query = V4Query.string(["page": String(page), "limit": String(limit), "review_status": reviewStatus])
        return try await call(.get, "/photo/my-uploads?\(query)", token: token, requestID: requestID)
    }

    public func myPhotoStatistics(token: String, requestID: String) async throws(V4ClientError) -> V4PhotoStatistics {
        try await call(.get, "/photo/my-stats", token: token, requestID: requestID)
    }

    public func products(page: Int, limit: Int, category: String?, token: String, requestID: String) async throws(V4ClientError)
        -> V4ProductList
    {
        let query = V4Query.string(["page": String(page), "limit": String(limit), "category": category])
        return try await call(.get, "/inventory/products?\(query)", token: token, requestID: requestID)
    }
}

extension V4Client {
    public func lotteryConfig(code: String, token: String, requestID: String) async throws(V4ClientError) -> V4LotteryConfig {
        try await call(.get, "/lottery/config/\(code)", token: token, requestID: requestID)
    }

    public func lotteryPrizes(code: String, token: String, requestID: String) async throws(V4ClientError) -> [V4PublicPrize] {
        try await call(.get, "/lottery/prizes/\(code)", as: V4ListPayload<V4PublicPrize>.self, token: token, requestID: requestID)
            .items
    }

    /// Not idempotent: sent once, never retried.
    public func draw(code: String, count: Int, drawType: String, token: String, requestID: String) async throws(V4ClientError)
        -> V4DrawResult
    {
        try await call(
            .post, "/lottery/draw", token: token,
            body: ["campaign_code": .string(code), "draw_count": .int(Int64(count)), "draw_type": .string(drawType)],
            requestID: requestID)
    }

    public func lotteryHistory(
        userId: Int64, page: Int, limit: Int, drawType: String?, prizeType: String?, token: String, requestID: String
    ) async throws(V4ClientError) -> V4LotteryHistory {
        let query = V4Query.string(["page": String(page), "limit": String(limit), "draw_type": drawType, "prize_type": prizeType])
        return try await call(.get, "/lottery/history/\(userId)?\(query)", token: token, requestID: requestID)
    }

    public func lotteryStatistics(userId: Int64, code: String, token: String, requestID: String) async throws(V4ClientError)
        -> V4LotteryStatistics
    {
        try await call(.get, "/lottery/statistics/\(userId)?campaign_code=\(code)", token: token, requestID: requestID)
    }
}
