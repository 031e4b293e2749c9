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

    public init(resourceId: Int64, originalUrl: String, thumbnailUrl: String? = nil, category: String, description: String? = nil, reviewStatus: String, uploadedAt: String, reviewedAt: String? = nil, pointsAwarded: Int, uploadId: String, amountCents: Int? = nil, actualAmountCents: Int? = nil, rejectionReason: String? = nil, reviewReason: String? = nil) {
        self.resourceId = resourceId
        self.originalUrl = originalUrl
        self.thumbnailUrl = thumbnailUrl
        self.category = category
        self.description = description
        self.reviewStatus = reviewStatus
        self.uploadedAt = uploadedAt
        self.reviewedAt = reviewedAt
        self.pointsAwarded = pointsAwarded
        self.uploadId = uploadId
        self.amountCents = amountCents
        self.actualAmountCents = actualAmountCents
        self.rejectionReason = rejectionReason
        self.reviewReason = reviewReason
    }
}

/// `GET …/photo/my-uploads`.
public struct V4PhotoUploads: Codable, Sendable, Equatable {
    public var uploads: [V4PhotoUpload]
    public var pagination: V4Pagination

    public init(uploads: [V4PhotoUpload], pagination: V4Pagination) {
        self.uploads = uploads
        self.pagination = pagination
    }
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

        public init(totalUploads: Int, pendingCount: Int, approvedCount: Int, rejectedCount: Int, approvalRate: String, totalPointsAwarded: Int) {
            self.totalUploads = totalUploads
            self.pendingCount = pendingCount
            self.approvedCount = approvedCount
            self.rejectedCount = rejectedCount
            self.approvalRate = approvalRate
            self.totalPointsAwarded = totalPointsAwarded
        }
    }

    public init(statistics: Statistics) {
        self.statistics = statistics
    }
}
