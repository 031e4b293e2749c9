import BridgeKit

// What the bridge reads of V4's photo answers (see LotteryTypes+Lenient.swift for the rule).

extension V4PhotoUpload {
    /// 003: the upload answer (L2589-2605) `{resource_id, original_url, thumbnail_url, category,
    /// description, review_status, uploaded_at}`; my-uploads (L2722-2748) adds `reviewed_at`,
    /// `points_awarded`; pending-reviews (L2629-2655) `user_id`, `user_mobile`. The legacy
    /// `upload_id` is our core's extension: without it the resource id stands for it (and is what
    /// a client sends back to review it).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4PhotoUpload"
        let resourceId = try c.decode(Int64.self, forKey: .resourceId)
        self.init(
            resourceId: resourceId, originalUrl: try c.decode(String.self, forKey: .originalUrl),
            thumbnailUrl: try c.decodeIfPresent(String.self, forKey: .thumbnailUrl),
            category: try c.decodeIfPresent(String.self, forKey: .category) ?? "", description: try c.decodeIfPresent(String.self, forKey: .description),
            reviewStatus: try c.decode(String.self, forKey: .reviewStatus), uploadedAt: try c.decode(String.self, forKey: .uploadedAt),
            reviewedAt: try c.decodeIfPresent(String.self, forKey: .reviewedAt),
            pointsAwarded: try c.decodeIfPresent(Int.self, forKey: .pointsAwarded) ?? 0,
            uploadId: try c.lenient(String.self, .uploadId, of: owner, String(resourceId)),
            amountCents: try c.optional(Int.self, .amountCents, of: owner), actualAmountCents: try c.optional(Int.self, .actualAmountCents, of: owner),
            rejectionReason: try c.decodeIfPresent(String.self, forKey: .rejectionReason),
            reviewReason: try c.decodeIfPresent(String.self, forKey: .reviewReason), userId: try c.decodeIfPresent(Int64.self, forKey: .userId),
            originalFilename: try c.decodeIfPresent(String.self, forKey: .originalFilename), fileSize: try c.decodeIfPresent(Int.self, forKey: .fileSize),
            width: try c.decodeIfPresent(Int.self, forKey: .width), height: try c.decodeIfPresent(Int.self, forKey: .height),
            reviewedBy: try c.decodeIfPresent(Int64.self, forKey: .reviewedBy))
        userMobile = try c.decodeIfPresent(String.self, forKey: .userMobile)
        userNickname = try c.decodeIfPresent(String.self, forKey: .userNickname)
        reviewerName = try c.decodeIfPresent(String.self, forKey: .reviewerName)
    }
}

extension V4PendingReviews {
    /// 003 L2629-2655: `{images, pagination}`; the `summary` is our core's extension: without it
    /// the pending count is the list's total and the day's figures are unknown (0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let pagination = try c.decode(V4Pagination.self, forKey: .pagination)
        self.init(
            images: try c.decode([V4PhotoUpload].self, forKey: .images), pagination: pagination,
            summary: try c.lenient(
                Summary.self, .summary, of: "V4PendingReviews",
                Summary(pendingCount: pagination.total, todaySubmissions: 0, todayReviewed: 0, averageReviewSeconds: nil, averageWaitSeconds: nil)))
    }
}

extension V4PhotoReviewResult.Review {
    /// 003 L2688-2702: `{resource_id, review_status, reviewed_by, reviewed_at, points_awarded}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4PhotoReviewResult.review"
        let resourceId = try c.decode(Int64.self, forKey: .resourceId)
        let reviewedAt = try c.decode(String.self, forKey: .reviewedAt)
        self.init(
            resourceId: resourceId, uploadId: try c.lenient(String.self, .uploadId, of: owner, String(resourceId)),
            userId: try c.optional(Int64.self, .userId, of: owner), reviewStatus: try c.decode(String.self, forKey: .reviewStatus),
            reviewedBy: try c.decode(Int64.self, forKey: .reviewedBy), reviewerName: try c.decodeIfPresent(String.self, forKey: .reviewerName),
            reviewedAt: reviewedAt, uploadedAt: try c.lenient(String.self, .uploadedAt, of: owner, reviewedAt),
            pointsAwarded: try c.decode(Int.self, forKey: .pointsAwarded),
            amountCents: try c.optional(Int.self, .amountCents, of: owner), actualAmountCents: try c.optional(Int.self, .actualAmountCents, of: owner),
            rejectionReason: try c.decodeIfPresent(String.self, forKey: .rejectionReason), reason: try c.decodeIfPresent(String.self, forKey: .reason),
            userBalance: try c.optional(Int.self, .userBalance, of: owner))
    }
}
