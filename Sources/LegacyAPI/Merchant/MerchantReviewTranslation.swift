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
        // What the receipt earns by the route's rule: the points when none are given; D0's
        // points_awarded by hand is bounded by the rule's ceiling for the receipt.
        let rule = call.paramValue("points_rule")
        let cents = actualAmount.flatMap(V4Money.cents)
        let earned = cents.map { LegacyPointsRule.points(cents: $0, rule: rule) }
        if approve, let pointsAwarded, let cents, pointsAwarded > LegacyPointsRule.maxAward(cents: cents, rule: rule) {
            throw LegacyError(call.mappings.legacyError(forFailure: .invalidValue, route: call.route))
        }
        let points = approve ? pointsAwarded ?? earned : nil
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
    typealias Review = V4PhotoReviewResult.Review

    static let view = LegacyViewFields<Review>([
        "upload_id": { .string($0.uploadId) },
        "review_id": { .int($0.resourceId) },
        "action": { .string($0.reviewStatus) },
        "review_result": { .string($0.reviewStatus) },
        "user_id": { JSONValue($0.userId) },
        "original_amount": { LegacyMoney.yuan(cents: $0.amountCents) },
        // D1-B: a rejection confirms nothing (0).
        "actual_amount": { approved($0) ? LegacyMoney.yuan(cents: $0.actualAmountCents) : .int(0) },
        "points_awarded": { .int(Int64($0.pointsAwarded)) },
        "user_new_balance": { JSONValue($0.userBalance) },
        "review_time": { LegacyTime.from(v4: $0.reviewedAt) },
        "reviewer_id": { .int($0.reviewedBy) },
        "reason": { JSONValue($0.reason) },
        "reject_reason": { approved($0) ? .null : JSONValue($0.rejectionReason) },
        "processing_info": { review in
            [
                "processing_time": LegacyDuration.between(review.uploadedAt, review.reviewedAt),
                "reviewer_id": .int(review.reviewedBy), "reviewer_name": JSONValue(review.reviewerName),
            ]
        },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ review: Review, call: LegacyCall) -> LegacyView<Review> { view.make(review) }

    private static func approved(_ review: Review) -> Bool { review.reviewStatus == "approved" }
}
