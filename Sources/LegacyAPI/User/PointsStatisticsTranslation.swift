import BridgeKit
import V4Contract

/// `GET /api/user/points/statistics` (D1-A §3.4.4, D1-B §3.6.4) → V4 `points/breakdown/:user_id`:
/// the account's totals and the ledger summed by source. The ledger's `source_type` names are
/// the legacy sources (`photo_review`, `lottery`, `exchange`, `register`, `admin`).
struct PointsStatisticsTranslation: LegacyTranslation {
    static let name = "user.points_statistics"
    static let reads = MappingReads()

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let userId = try await call.callerUserId()
        let breakdown = try await Compositions.extensionOr(
            { () async throws(V4ClientError) in try await call.v4(V4API.Points.breakdown, .init(userId: userId)) },
            compose: { try await Compositions.pointsBreakdown(call, userId: userId) })
        func bySource(_ totals: [V4PointsBreakdown.SourceTotal]) -> JSONValue {
            var object = JSONObject()
            for total in totals { object[total.source] = .int(Int64(total.points)) }
            return .object(object)
        }
        let earn = breakdown.earned.reduce(0) { $0 + $1.count }, spend = breakdown.consumed.reduce(0) { $0 + $1.count }
        return LegacyReply(data: [
            "current_points": .int(Int64(breakdown.currentBalance)), "total_earned": .int(Int64(breakdown.totalEarned)),
            "total_spent": .int(Int64(breakdown.totalConsumed)), "earn_by_source": bySource(breakdown.earned),
            "spend_by_source": bySource(breakdown.consumed),
            "records_count": ["earn": .int(Int64(earn)), "spend": .int(Int64(spend)), "total": .int(Int64(earn + spend))],
        ])
    }
}
