import BridgeKit
import V4Contract

/// `GET /api/merchant/reviews/pending` (D0) and `/api/merchant/pending-reviews` (D1) → V4
/// `photo/pending-reviews`: the three documented lists and their statistics blocks in one.
struct PendingReviewsTranslation: LegacyTranslation {
    static let name = "merchant.pending_reviews"
    static let reads = MappingReads(
        shapes: ["pending_review"], params: ["points_rule"], optionalParams: ["list_keys", "flat_pagination"],
        fields: ["page", "limit"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let pending = try await call.v4(V4API.Photo.pendingReviews, .init(page: call.pageQuery))
        var data = LegacyList.data(
            pending.images.map { call.shaped("pending_review", from: LegacyPendingReviewView.make($0, call: call, now: call.now)) },
            pagination: pending.pagination, route: call.route)
        let summary = pending.summary
        let count = JSONValue.int(Int64(summary.pendingCount))
        let reviewTime = LegacyDuration.text(seconds: summary.averageReviewSeconds)
        let today = JSONValue.int(Int64(summary.todaySubmissions))
        // D0 {pending_count, today_reviewed, average_review_time}, D1-A {…, total_today, avg_review_time},
        // D1-B {total_pending, today_submissions, average_wait_time}: no names clash.
        data["statistics"] = [
            "pending_count": count, "today_reviewed": .int(Int64(summary.todayReviewed)), "average_review_time": reviewTime,
            "total_today": today, "avg_review_time": reviewTime, "total_pending": count, "today_submissions": today,
            "average_wait_time": LegacyDuration.text(seconds: summary.averageWaitSeconds),
        ]
        return LegacyReply(data: .object(data))
    }
}
