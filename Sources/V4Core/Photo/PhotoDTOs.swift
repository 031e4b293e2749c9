/// V4 photo payloads ([B] §3.5) with the extensions the legacy history needs.
public struct V4PhotoUpload: Codable, Sendable, Equatable {
    public var resourceId: Int64
    public var originalUrl: String
    public var thumbnailUrl: String?
    public var category: String
    public var description: String?
    public var reviewStatus: String
    public var uploadedAt: String
    public var reviewedAt: String?
    public var pointsAwarded: Int
    /// Extension: the legacy upload id (`UP20250703001`, `upload_123_…`).
    public var uploadId: String
    /// Extension: the amount the user typed, in fen.
    public var amountCents: Int?
    /// Extension: the amount the merchant confirmed, in fen.
    public var actualAmountCents: Int?
    /// Extension: why a rejected upload was rejected.
    public var rejectionReason: String?
    /// Extension: the reviewer's remark on any upload (the rejection reason, or the legacy
    /// `review_reason` of an approved one).
    public var reviewReason: String?

    enum CodingKeys: String, CodingKey {
        case resourceId = "resource_id", originalUrl = "original_url", thumbnailUrl = "thumbnail_url", category, description
        case reviewStatus = "review_status", uploadedAt = "uploaded_at", reviewedAt = "reviewed_at"
        case pointsAwarded = "points_awarded", uploadId = "upload_id", amountCents = "amount_cents"
        case actualAmountCents = "actual_amount_cents", rejectionReason = "rejection_reason", reviewReason = "review_reason"
    }
}

/// `GET …/photo/my-uploads`.
public struct V4PhotoUploads: Codable, Sendable, Equatable {
    public var uploads: [V4PhotoUpload]
    public var pagination: V4Pagination
}

/// `GET …/photo/my-stats`.
public struct V4PhotoStatistics: Codable, Sendable, Equatable {
    public var statistics: Statistics

    public struct Statistics: Codable, Sendable, Equatable {
        public var totalUploads: Int
        /// Not yet decided: `pending` and `reviewing`.
        public var pendingCount: Int
        public var approvedCount: Int
        public var rejectedCount: Int
        /// Approved share of the reviewed uploads, a percentage with one decimal ("88.9").
        public var approvalRate: String
        public var totalPointsAwarded: Int

        enum CodingKeys: String, CodingKey {
            case totalUploads = "total_uploads", pendingCount = "pending_count", approvedCount = "approved_count"
            case rejectedCount = "rejected_count", approvalRate = "approval_rate", totalPointsAwarded = "total_points_awarded"
        }
    }
}
