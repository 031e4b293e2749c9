import BridgeKit
import V4Core

/// `GET /api/user/points/records` (D1) and `GET /api/user/points-records` (D0) → V4
/// `auth/profile` + `points/transactions/:user_id` + `points/balance/:user_id`.
struct PointsRecordsTranslation: LegacyTranslation {
    static let name = "user.points_records"

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let userId = try await call.callerUserId()
        let (page, limit) = call.paging
        let source = call.filter("source")
        let result = try await call.core.pointsTransactions(
            userId: userId, page: page, limit: limit, type: call.filter("type"), sourceType: source, token: call.requiredToken,
            requestID: call.requestID)
        let balance = try await call.core.balance(userId: userId, token: call.requiredToken, requestID: call.requestID)
        var data = LegacyList.data(
            result.transactions.map { call.shaped("points_record", from: LegacyPointsRecordView.make($0)) },
            pagination: result.pagination, route: call.route)
        data["summary"] = [
            "total_earned": .int(Int64(balance.totalEarned)), "total_spent": .int(Int64(balance.totalConsumed)),
            "current_balance": .int(Int64(balance.availablePoints)),
        ]
        let earn = result.summary.map { JSONValue.int(Int64($0.earnCount)) } ?? .null
        let spend = result.summary.map { JSONValue.int(Int64($0.consumeCount)) } ?? .null
        data["filter_summary"] = [
            "type": .string(call.input.original("type") ?? "all"), "source": .string(source ?? "all"),
            "total_records": result.summary.map { .int(Int64($0.earnCount + $0.consumeCount)) } ?? .null,
            "earn_records": earn, "spend_records": spend,
        ]
        return LegacyReply(data: .object(data))
    }
}
