import BridgeKit
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
    /// Extensions for the reviewer's views (pending list, detail): who uploaded, what file.
    public var userId: Int64?
    public var userMobile: String?
    public var userNickname: String?
    public var originalFilename: String?
    public var fileSize: Int?
    public var width: Int?
    public var height: Int?
    public var reviewedBy: Int64?
    public var reviewerName: String?

    enum CodingKeys: String, CodingKey {
        case resourceId = "resource_id", originalUrl = "original_url", thumbnailUrl = "thumbnail_url", category, description
        case reviewStatus = "review_status", uploadedAt = "uploaded_at", reviewedAt = "reviewed_at"
        case pointsAwarded = "points_awarded", uploadId = "upload_id", amountCents = "amount_cents"
        case actualAmountCents = "actual_amount_cents", rejectionReason = "rejection_reason", reviewReason = "review_reason"
        case userId = "user_id", userMobile = "user_mobile", userNickname = "user_nickname"
        case originalFilename = "original_filename", fileSize = "file_size", width, height, reviewedBy = "reviewed_by"
        case reviewerName = "reviewer_name"
    }

    public init(resourceId: Int64, originalUrl: String, thumbnailUrl: String? = nil, category: String, description: String? = nil, reviewStatus: String, uploadedAt: String, reviewedAt: String? = nil, pointsAwarded: Int, uploadId: String, amountCents: Int? = nil, actualAmountCents: Int? = nil, rejectionReason: String? = nil, reviewReason: String? = nil, userId: Int64? = nil, originalFilename: String? = nil, fileSize: Int? = nil, width: Int? = nil, height: Int? = nil, reviewedBy: Int64? = nil) {
        self.userId = userId
        self.originalFilename = originalFilename
        self.fileSize = fileSize
        self.width = width
        self.height = height
        self.reviewedBy = reviewedBy
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
@PublicInit
public struct V4PhotoUploads: Codable, Sendable, Equatable {
    public var uploads: [V4PhotoUpload]
    public var pagination: V4Pagination
}

/// `GET …/photo/my-stats`.
@PublicInit
public struct V4PhotoStatistics: Codable, Sendable, Equatable {
    public var statistics: Statistics

    @PublicInit
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

/// `POST …/photo/upload`.
public struct V4PhotoUploadResult: Codable, Sendable, Equatable {
    public var upload: V4PhotoUpload

    public init(upload: V4PhotoUpload) { self.upload = upload }
}

/// `GET …/photo/pending-reviews` ([B] `images`), with the extension `summary`.
@PublicInit
public struct V4PendingReviews: Codable, Sendable, Equatable {
    public var images: [V4PhotoUpload]
    public var pagination: V4Pagination
    public var summary: Summary

    enum CodingKeys: String, CodingKey { case images, pagination, summary }

    @PublicInit
    public struct Summary: Codable, Sendable, Equatable {
        /// Uploads waiting (pending or reviewing).
        public var pendingCount: Int
        /// Uploads submitted today (Beijing) and reviews decided today.
        public var todaySubmissions: Int
        public var todayReviewed: Int
        /// Mean seconds from upload to decision over decided uploads; mean wait of the pending ones.
        public var averageReviewSeconds: Int?
        public var averageWaitSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case pendingCount = "pending_count", todaySubmissions = "today_submissions", todayReviewed = "today_reviewed"
            case averageReviewSeconds = "average_review_seconds", averageWaitSeconds = "average_wait_seconds"
        }
    }
}

/// `POST …/photo/review/:resourceId` ([B] `review`), with the extensions the legacy answers show.
public struct V4PhotoReviewResult: Codable, Sendable, Equatable {
    public var review: Review

    @PublicInit
    public struct Review: Codable, Sendable, Equatable {
        public var resourceId: Int64
        public var uploadId: String
        /// Extension (nil when V4 did not send it: 003's review answer, L2688-2702, has no uploader).
        public var userId: Int64?
        public var reviewStatus: String
        public var reviewedBy: Int64
        public var reviewerName: String?
        public var reviewedAt: String
        public var uploadedAt: String
        public var pointsAwarded: Int
        public var amountCents: Int?
        public var actualAmountCents: Int?
        public var rejectionReason: String?
        public var reason: String?
        /// The uploader's balance after the review.
        /// Extension: the uploader's balance after the credit (nil when V4 did not send it).
        public var userBalance: Int?

        enum CodingKeys: String, CodingKey {
            case resourceId = "resource_id", uploadId = "upload_id", userId = "user_id", reviewStatus = "review_status"
            case reviewedBy = "reviewed_by", reviewerName = "reviewer_name", reviewedAt = "reviewed_at", uploadedAt = "uploaded_at"
            case pointsAwarded = "points_awarded", amountCents = "amount_cents", actualAmountCents = "actual_amount_cents"
            case rejectionReason = "rejection_reason", reason, userBalance = "user_balance"
        }
    }

    public init(review: Review) { self.review = review }
}

/// `GET …/photo/review-statistics` (extension): reviews decided in a period.
@PublicInit
public struct V4ReviewStatistics: Codable, Sendable, Equatable {
    public var period: String
    public var reviewerId: Int64?
    public var totalReviews: Int
    public var approvedCount: Int
    public var rejectedCount: Int
    public var pendingCount: Int
    public var totalPointsAwarded: Int
    public var averageReviewSeconds: Int?
    /// Per Beijing day: `{date, reviews, approved, rejected}`.
    public var daily: [Day]
    /// Per Beijing hour of day with reviews: `{hour, reviews}`.
    public var hourly: [Hour]
    /// Approved amounts in yuan bands `0-50`, `50-100`, `100-200`, `200+`.
    public var amountBands: [Band]

    @PublicInit
    public struct Day: Codable, Sendable, Equatable {
        public var date: String
        public var reviews: Int
        public var approved: Int
        public var rejected: Int
    }

    @PublicInit
    public struct Hour: Codable, Sendable, Equatable {
        public var hour: Int
        public var reviews: Int
    }

    @PublicInit
    public struct Band: Codable, Sendable, Equatable {
        public var band: String
        public var count: Int
    }

    enum CodingKeys: String, CodingKey {
        case period, reviewerId = "reviewer_id", totalReviews = "total_reviews", approvedCount = "approved_count"
        case rejectedCount = "rejected_count", pendingCount = "pending_count", totalPointsAwarded = "total_points_awarded"
        case averageReviewSeconds = "average_review_seconds", daily, hourly, amountBands = "amount_bands"
    }
}

/// `DELETE …/photo/:id`.
public struct V4PhotoDeletion: Codable, Sendable, Equatable {
    public var resourceId: Int64
    public var deleted: Bool

    enum CodingKeys: String, CodingKey { case resourceId = "resource_id", deleted }

    public init(resourceId: Int64, deleted: Bool = true) {
        self.resourceId = resourceId
        self.deleted = deleted
    }
}

/// `POST …/auth/avatar` (extension).
public struct V4AvatarResult: Codable, Sendable, Equatable {
    public var avatarUrl: String
    enum CodingKeys: String, CodingKey { case avatarUrl = "avatar_url" }
    public init(avatarUrl: String) { self.avatarUrl = avatarUrl }
}

/// A merchant application (extension: V4 has no merchant role).
@PublicInit
public struct V4MerchantApplication: Codable, Sendable, Equatable {
    public var applicationId: Int64
    public var userId: Int64
    public var businessName: String
    public var businessLicense: String?
    public var contactPerson: String
    public var contactPhone: String
    public var businessAddress: String?
    public var reason: String?
    /// `pending`, `approved` or `rejected`.
    public var status: String
    public var isMerchant: Bool
    public var appliedAt: String
    public var decidedAt: String?

    enum CodingKeys: String, CodingKey {
        case applicationId = "application_id", userId = "user_id", businessName = "business_name"
        case businessLicense = "business_license", contactPerson = "contact_person", contactPhone = "contact_phone"
        case businessAddress = "business_address", reason, status, isMerchant = "is_merchant", appliedAt = "applied_at"
        case decidedAt = "decided_at"
    }
}

/// `GET …/admin/merchant-applications`.
@PublicInit
public struct V4MerchantApplications: Codable, Sendable, Equatable {
    public var applications: [V4MerchantApplication]
    public var pagination: V4Pagination
}
