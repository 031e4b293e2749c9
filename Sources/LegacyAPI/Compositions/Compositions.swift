import V4Contract

/// What a legacy route needs that seed 003 offers only in pieces, composed from documented
/// endpoints. Each is used only when the deployment lacks our core's extension endpoint (its
/// first call answers `absent`, and the transport remembers that until the next probe), so in
/// front of our own core nothing changes. Every composition reads at most `maxPages` pages of
/// `pageSize`: a user's history beyond that is not counted (Mappings/degradation.yaml).
enum Compositions {
    static let pageSize = 100
    static let maxPages = 20

    /// The extension endpoint's answer, or the composition when the deployment lacks it.
    static func extensionOr<Output>(
        _ call: @Sendable () async throws(V4ClientError) -> Output, compose: @Sendable () async throws -> Output
    ) async throws -> Output {
        do {
            return try await call()
        } catch .absent {
            return try await compose()
        }
    }

    /// `points/breakdown` from 003's `points/balance` and `points/transactions` (L1761-1880):
    /// the ledger summed by `source_type`.
    static func pointsBreakdown(_ call: LegacyCall, userId: Int64) async throws -> V4PointsBreakdown {
        let balance = try await call.v4(V4API.Points.balance, .init(userId: userId))
        var earned: [String: (points: Int, count: Int)] = [:]
        var consumed: [String: (points: Int, count: Int)] = [:]
        var page = 1
        while page <= maxPages {
            let list = try await call.v4(V4API.Points.transactions, .init(userId: userId, page: V4PageQuery(page: page, limit: pageSize)))
            for row in list.transactions {
                let amount = abs(row.pointsAmount)
                if row.transactionType == "consume" {
                    consumed[row.sourceType, default: (0, 0)].points += amount
                    consumed[row.sourceType, default: (0, 0)].count += 1
                } else {
                    earned[row.sourceType, default: (0, 0)].points += amount
                    earned[row.sourceType, default: (0, 0)].count += 1
                }
            }
            let pages = list.pagination.pages ?? list.pagination.totalPages
            if list.transactions.isEmpty || page >= pages { break }
            page += 1
        }
        func totals(_ sums: [String: (points: Int, count: Int)]) -> [V4PointsBreakdown.SourceTotal] {
            sums.map { V4PointsBreakdown.SourceTotal(source: $0.key, points: $0.value.points, count: $0.value.count) }
                .sorted { $0.points != $1.points ? $0.points > $1.points : $0.source < $1.source }
        }
        return V4PointsBreakdown(
            userId: userId, currentBalance: balance.availablePoints, totalEarned: balance.totalEarned, totalConsumed: balance.totalConsumed,
            earned: totals(earned), consumed: totals(consumed))
    }

    /// `lottery/statistics` (listed by 003 without a shape, L6473) from the draw history
    /// (L1680-1725): draws, points spent, points won (a points prize's value), prizes by type,
    /// draw types, the last draw. The pity state is not in the history: left neutral.
    static func lotteryStatistics(_ call: LegacyCall, userId: Int64) async throws -> V4LotteryStatistics {
        var records: [V4LotteryHistory.Record] = []
        var page = 1
        while page <= maxPages {
            let list = try await call.v4(V4API.Lottery.history, .init(userId: userId, page: V4PageQuery(page: page, limit: pageSize)))
            records += list.records
            if list.records.isEmpty || page >= list.pagination.totalPages { break }
            page += 1
        }
        var distribution: [String: Int] = [:]
        var drawTypes: [String: Int] = [:]
        for record in records {
            distribution[record.prizeType ?? "none", default: 0] += 1
            drawTypes[record.drawType, default: 0] += 1
        }
        return V4LotteryStatistics(
            userId: userId, totalDraws: records.count, totalPointsSpent: records.reduce(0) { $0 + $1.pointsCost },
            totalPointsWon: records.reduce(0) { $0 + ($1.prizeType == "points" ? $1.prizeValue : 0) }, prizeDistribution: distribution,
            drawTypeCounts: drawTypes, lastDrawTime: records.first?.createdAt, pity: V4DrawResult.Pity(enabled: false, count: 0, limit: 0, remaining: 0))
    }

    /// `photo/uploads/:id` from 003's `photo/my-uploads` (L2706-2750): the caller's own upload with
    /// that resource id (or legacy upload id), looked for page by page. Someone else's upload is
    /// not in the caller's list: `IMAGE_NOT_FOUND`, as our core answers.
    static func upload(_ call: LegacyCall, id: String) async throws -> V4PhotoUpload {
        var page = 1
        while page <= maxPages {
            let list = try await call.v4(V4API.Photo.myUploads, .init(page: V4PageQuery(page: page, limit: pageSize)))
            if let found = list.uploads.first(where: { String($0.resourceId) == id || $0.uploadId == id }) { return found }
            if list.uploads.isEmpty || page >= list.pagination.totalPages { break }
            page += 1
        }
        throw V4ClientError.rejected(code: "IMAGE_NOT_FOUND", message: "图片不存在", status: 404, data: nil)
    }

    /// `photo/review-statistics` from 003's `admin/statistics/today` (L3365-3555, admins only):
    /// today's decided uploads whatever period was asked, the points at 003's 20 per approval
    /// (L2683), no hourly or amount distribution.
    static func reviewStatistics(_ call: LegacyCall) async throws -> V4ReviewStatistics {
        let today = try await call.v4(V4API.Upstream.statisticsToday, V4NoInput()).statistics
        let uploads = today.uploads
        return V4ReviewStatistics(
            period: "today", reviewerId: nil, totalReviews: uploads.approved + uploads.rejected, approvedCount: uploads.approved,
            rejectedCount: uploads.rejected, pendingCount: uploads.pendingReview, totalPointsAwarded: uploads.approved * 20,
            averageReviewSeconds: uploads.avgReviewTime.map { $0 * 60 },
            daily: [.init(date: today.date, reviews: uploads.approved + uploads.rejected, approved: uploads.approved, rejected: uploads.rejected)],
            hourly: [], amountBands: [])
    }
}
