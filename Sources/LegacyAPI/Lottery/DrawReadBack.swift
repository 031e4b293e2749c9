import V4Contract

/// Reads a draw's outcome back from V4's own records when its answer was lost: the user's
/// history (newest first) against the newest draw before the call, and the balance after it.
enum DrawReadBack {
    /// The newest draw of the user's history before a draw is sent ("" when there is none).
    static func newestDrawId(_ call: LegacyCall, userId: Int64) async throws -> String {
        let history = try await call.v4(V4API.Lottery.history, .init(userId: userId, page: V4PageQuery(page: 1, limit: 1)))
        return history.records.first?.drawId ?? ""
    }

    /// The draw that committed after `after`, as a draw answer; nil when none is recorded.
    static func find(_ call: LegacyCall, userId: Int64, after: String?, count: Int, campaign: CampaignDirectory.Campaign) async throws
        -> V4DrawResult?
    {
        guard let after else { return nil }
        try? await Task.sleep(for: .milliseconds(200))
        let history = try await call.v4(V4API.Lottery.history, .init(userId: userId, page: V4PageQuery(page: 1, limit: max(count, 1) + 5)))
        let fresh = Array(history.records.prefix { $0.drawId != after })
        guard fresh.count >= count, count > 0 else { return nil }
        let balance = try await call.v4(V4API.Points.balance, .init(userId: userId))
        // The history lists newest first; the draw's own order is the other way round.
        let records = fresh.prefix(count).reversed()
        let prizes = records.map { record in
            V4PublicPrize(
                id: record.prizeId ?? 0, name: record.prizeName ?? "", type: record.prizeType ?? "points", rarity: "common", available: true,
                displayValue: "", status: "active", value: record.prizeValue)
        }
        let draws = zip(records, prizes).enumerated().map { index, pair in
            V4DrawResult.Draw(
                drawId: pair.0.drawId, sequence: index + 1, prize: pair.1, pityTriggered: pair.0.isPity, pityCount: 0,
                rewardPoints: pair.1.pointsValue, isNearMiss: pair.0.isNearMiss)
        }
        return V4DrawResult(
            success: true, campaignCode: campaign.code, prizes: prizes, remainingBalance: balance.availablePoints, drawCount: count, draws: draws,
            totalCost: records.reduce(0) { $0 + $1.pointsCost }, pity: nil, todayDrawCount: nil, maxDrawsPerDay: campaign.maxDrawsPerDay)
    }
}
