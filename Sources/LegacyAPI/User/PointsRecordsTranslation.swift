import BridgeKit
import V4Contract

/// `GET /api/user/points/records` (D1) and `GET /api/user/points-records` (D0) → V4
/// `points/transactions/:user_id` and `points/balance/:user_id`, side by side (the user id is the token's).
struct PointsRecordsTranslation: LegacyTranslation {
    static let name = "user.points_records"
    static let reads = MappingReads.list(shape: "points_record", fields: ["type", "source"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let userId = try await call.callerUserId()
        let source = call.filter("source")
        let (result, balance) = try await call.both(
            {
                try await call.v4(
                    V4API.Points.transactions, .init(userId: userId, page: call.pageQuery, type: call.filter("type"), sourceType: source))
            },
            { try await call.v4(V4API.Points.balance, .init(userId: userId)) })
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
