import BridgeKit
import V4Contract

/// One review, three documented routes: D1's `POST /api/merchant/review {upload_id, action,
/// actual_amount, reason}`, D0's `POST /api/merchant/reviews/:id/approve {actual_amount,
/// points_awarded, review_reason}` and `…/reject {reject_reason}` (their `action` is a route
/// param). → V4 `photo/review/:id`; the points are D0's explicit `points_awarded` when sent,
/// else the route's `points_rule` on the confirmed amount (Docs/compatibility.md M4-M6).
struct MerchantReviewTranslation: LegacyTranslation {
    static let name = "merchant.review"
    static let reads = MappingReads(
        shapes: ["review_result"], params: ["points_rule", "default_reject_reason"], optionalParams: ["action"],
        fields: ["upload_id", "reason"], optionalFields: ["action", "actual_amount", "points_awarded"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let decision = ReviewDecision(
            uploadId: call.input.string("upload_id") ?? "", action: call.paramValue("action")?.stringValue ?? call.input.string("action"),
            actualAmount: call.input["actual_amount"], pointsAwarded: call.input.int("points_awarded").map { Int($0) },
            reason: call.input.string("reason"))
        let result = try await decision.perform(call)
        return LegacyReply(data: call.shaped("review_result", from: LegacyReviewResultView.make(result.review, call: call)))
    }
}

/// A review as the legacy routes ask for one, sent to V4.
struct ReviewDecision: Sendable {
    var uploadId: String
    /// `approved` or `rejected` (the mappings turn D0's approve/reject into these).
    var action: String?
    var actualAmount: JSONValue?
    var pointsAwarded: Int?
    var reason: String?

    func perform(_ call: LegacyCall) async throws -> V4PhotoReviewResult {
        let approve = action == "approved"
        let points = approve
            ? pointsAwarded ?? actualAmount.flatMap(V4Money.cents).map {
                LegacyPointsRule.points(cents: $0, rule: call.paramValue("points_rule"))
            }
            : nil
        let result = try await call.write(
            V4API.Photo.review,
            .init(
                resourceId: uploadId, status: action,
                rejectionReason: approve ? nil : (reason?.isEmpty == false ? reason : call.param("default_reject_reason")),
                reason: reason, actualAmount: approve ? actualAmount : nil, pointsAwarded: points),
            readBack: { nil })
        return result
    }
}

/// Every field of the documented review answers (D0 approve, D1-A, D1-B), from a V4 review.
enum LegacyReviewResultView {
    static let fieldNames: Set<String> = [
        "upload_id", "review_id", "action", "review_result", "user_id", "original_amount", "actual_amount", "points_awarded",
        "user_new_balance", "review_time", "reviewer_id", "reason", "reject_reason", "processing_info",
    ]

    static func make(_ review: V4PhotoReviewResult.Review, call: LegacyCall) -> JSONObject {
        let approved = review.reviewStatus == "approved"
        var view = JSONObject()
        view["upload_id"] = .string(review.uploadId)
        view["review_id"] = .int(review.resourceId)
        view["action"] = .string(review.reviewStatus)
        view["review_result"] = .string(review.reviewStatus)
        view["user_id"] = JSONValue(review.userId)
        view["original_amount"] = LegacyMoney.yuan(cents: review.amountCents)
        // D1-B: a rejection confirms nothing (0).
        view["actual_amount"] = approved ? LegacyMoney.yuan(cents: review.actualAmountCents) : .int(0)
        view["points_awarded"] = .int(Int64(review.pointsAwarded))
        view["user_new_balance"] = JSONValue(review.userBalance)
        view["review_time"] = LegacyTime.from(v4: review.reviewedAt)
        view["reviewer_id"] = .int(review.reviewedBy)
        view["reason"] = JSONValue(review.reason)
        view["reject_reason"] = approved ? .null : JSONValue(review.rejectionReason)
        view["processing_info"] = [
            "processing_time": LegacyDuration.between(review.uploadedAt, review.reviewedAt), "reviewer_id": .int(review.reviewedBy),
            "reviewer_name": JSONValue(review.reviewerName),
        ]
        return view
    }
}
