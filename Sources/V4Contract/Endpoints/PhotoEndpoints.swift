import BridgeKit

/// `photo/...` ([B] §3.5, §7): receipt uploads, their review by a merchant or admin, the
/// caller's own uploads; the avatar upload (extension).
extension V4API {
    public enum Photo {
        /// Multipart: the image under `photo`, `image` or `file`; `amount` (extension, yuan), `description`, `category`.
        public static let upload = V4Endpoint<V4PhotoUploadRequest, V4PhotoUploadResult>(
            "photo.upload", .post, "photo/upload", aliases: ["/api/v4/photo/upload"], access: .bearer,
            code: "UPLOAD_SUCCESS", message: "图片上传成功，等待审核", bodyLimit: V4PhotoUploadRequest.bodyLimit)
        /// Merchant or admin.
        public static let pendingReviews = V4Endpoint<V4PendingReviewsQuery, V4PendingReviews>(
            "photo.pending_reviews", .get, "photo/pending-reviews", access: .bearer, code: "PENDING_REVIEWS_SUCCESS",
            message: "待审核图片列表获取成功")
        /// Merchant or admin; `:resourceId` is the numeric id or the `upload_…` id.
        public static let review = V4Endpoint<V4PhotoReviewRequest, V4PhotoReviewResult>(
            "photo.review", .post, "photo/review/:resourceId", access: .bearer, code: "REVIEW_SUCCESS", message: "图片审核完成"
        ).raising { result, context in V4Event.afterReview(result.review, at: context.now) }
        /// Owner or admin: the row and the stored file.
        public static let delete = V4Endpoint<V4PhotoPath, V4PhotoDeletion>(
            "photo.delete", .delete, "photo/:id", access: .bearer, code: "DELETE_SUCCESS", message: "图片删除成功")
        /// Extension: one upload with its review; the owner, a merchant or an admin.
        public static let detail = V4Endpoint<V4PhotoPath, V4PhotoUpload>(
            "photo.detail", .get, "photo/uploads/:id", access: .bearer, code: "UPLOAD_DETAIL_SUCCESS", message: "图片详情获取成功")
        /// Extension: decided reviews in a period (merchant or admin).
        public static let reviewStatistics = V4Endpoint<V4ReviewStatisticsQuery, V4ReviewStatistics>(
            "photo.review_statistics", .get, "photo/review-statistics", access: .bearer, code: "REVIEW_STATISTICS_SUCCESS",
            message: "审核统计获取成功")
        public static let myUploads = V4Endpoint<V4UploadsQuery, V4PhotoUploads>(
            "photo.my_uploads", .get, "photo/my-uploads", access: .bearer, code: "MY_UPLOADS_SUCCESS", message: "上传历史获取成功")
        public static let myStats = V4Endpoint<V4NoInput, V4PhotoStatistics>(
            "photo.my_stats", .get, "photo/my-stats", access: .bearer, code: "MY_STATS_SUCCESS", message: "上传统计信息获取成功")

        static let all: [any V4EndpointDescription] = [
            upload, pendingReviews, review, delete, detail, reviewStatistics, myUploads, myStats, avatar,
        ]

        /// Extension: multipart `avatar` (JPEG or PNG, ≤ 2 MB); sets the caller's avatar URL.
        public static let avatar = V4Endpoint<V4AvatarRequest, V4AvatarResult>(
            "auth.avatar", .post, "auth/avatar", access: .bearer, code: "AVATAR_SUCCESS", message: "头像上传成功",
            bodyLimit: V4AvatarRequest.bodyLimit)
    }

    /// Extension: the merchant role V4 lacks (the legacy `is_merchant`).
    public enum Merchant {
        public static let apply = V4Endpoint<V4MerchantApplyRequest, V4MerchantApplication>(
            "merchant.apply", .post, "merchant/apply", access: .bearer, code: "MERCHANT_APPLY_SUCCESS", message: "商家申请已提交")
        /// Admin.
        public static let applications = V4Endpoint<V4MerchantApplicationsQuery, V4MerchantApplications>(
            "merchant.applications", .get, "admin/merchant-applications", access: .bearer, code: "MERCHANT_APPLICATIONS_SUCCESS",
            message: "商家申请列表获取成功")
        /// Admin: `{status: approved|rejected}`.
        public static let decide = V4Endpoint<V4MerchantDecisionRequest, V4MerchantApplication>(
            "merchant.decide", .put, "admin/merchant-applications/:id", access: .bearer, code: "MERCHANT_DECISION_SUCCESS",
            message: "商家申请已处理")

        static let all: [any V4EndpointDescription] = [apply, applications, decide]
    }
}

/// The image of a multipart upload under the first of `names` that is present.
/// `photo/upload`: the receipt image, the amount the user typed, an optional description.
@PublicInit
public struct V4PhotoUploadRequest: V4FieldInput, Equatable {
    /// The field names the docs use for the image ([B] `image`, [B] spec and legacy `photo`, `file`).
    public static let fileFields = ["photo", "image", "file"]
    public static let maxFileBytes = 5 * 1024 * 1024
    /// The file plus the form's other fields and boundaries.
    public static let bodyLimit = maxFileBytes + 64 * 1024

    public var file: V4UploadedFile?
    /// Yuan as sent (`"58.50"`); the core checks it.
    public var amount: JSONValue?
    public var description: String?
    public var category: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [
        .file(\.file, fileFields), .body(\.amount, "amount"), .body(\.description, "description"), .body(\.category, "category"),
    ]

    /// In this order: a file, an image by its bytes (JPEG, PNG, WebP, structure checked), ≤ 5 MB,
    /// an amount of 0.01–10000.00 yuan, then the texts. The legacy upload's own rules: the bridge
    /// checks them before sending, so a deployment that would take any file (003's multer) gets
    /// only what a legacy client may send.
    public func validate() throws(V4Error) {
        guard let file, !file.bytes.isEmpty else { throw V4Error(.noImageFile) }
        guard ImageFormat.probe(file.bytes) != nil else {
            throw V4Error(.invalidFileType, "不支持的文件类型（仅支持 JPEG、PNG、WebP 图片）")
        }
        guard file.bytes.count <= Self.maxFileBytes else {
            throw V4Error(.fileTooLarge, data: ["max_bytes": .int(Int64(Self.maxFileBytes))])
        }
        _ = try V4Money.requiredAmount(amount)
        if let description, description.count > 500 { throw V4Error(.invalidParameter, "描述不能超过500个字符") }
        if let category, category.count > 50 { throw V4Error(.invalidParameter, "分类无效") }
    }
}

/// `auth/avatar`: multipart `avatar` (or `file`).
public struct V4AvatarRequest: V4FieldInput, Equatable {
    public static let maxFileBytes = 2 * 1024 * 1024
    public static let bodyLimit = maxFileBytes + 64 * 1024
    public var file: V4UploadedFile?

    public init() {}
    public init(file: V4UploadedFile?) { self.file = file }
    public static let fields: [V4Field<Self>] = [.file(\.file, ["avatar", "file"])]
}

/// `photo/pending-reviews?page&limit`.
public struct V4PendingReviewsQuery: V4FieldInput, Equatable {
    public var page = V4PageQuery(page: 1, limit: 20)
    public init() {}
    public init(page: V4PageQuery) { self.page = page }
    public static let fields: [V4Field<Self>] = [.page(\.page)]
    public func validate() throws(V4Error) { try page.validate() }
}

/// `photo/review/:resourceId {status, rejection_reason}` plus the extensions `reason`,
/// `actual_amount` (yuan; required to approve) and `points_awarded` (an explicit award).
public struct V4PhotoReviewRequest: V4FieldInput, Equatable {
    public var resourceId = ""
    public var status: String?
    public var rejectionReason: String?
    public var reason: String?
    public var actualAmount: JSONValue?
    public var pointsAwarded: Int?

    public init() {}
    public init(resourceId: String, status: String?, rejectionReason: String? = nil, reason: String? = nil, actualAmount: JSONValue? = nil, pointsAwarded: Int? = nil) {
        self.resourceId = resourceId
        self.status = status
        self.rejectionReason = rejectionReason
        self.reason = reason
        self.actualAmount = actualAmount
        self.pointsAwarded = pointsAwarded
    }

    public static let fields: [V4Field<Self>] = [
        .path(\.resourceId, "resourceId"), .body(\.status, "status"), .body(\.rejectionReason, "rejection_reason"),
        .body(\.reason, "reason"), .body(\.actualAmount, "actual_amount"), .body(\.pointsAwarded, "points_awarded"),
    ]

    public func validate() throws(V4Error) {
        guard let status else { throw V4Error(.missingParameter, "缺少必需参数 status") }
        guard status == "approved" || status == "rejected" else { throw V4Error(.invalidParameter, "status 必须是 approved 或 rejected") }
        if status == "approved" {
            // An approval needs the amount the reviewer confirmed (the legacy rule, D1-A/D1-B §3.5.3).
            guard let actualAmount, actualAmount != .null else { throw V4Error(.actualAmountRequired) }
            _ = try V4Money.requiredAmount(actualAmount)
        }
        if let pointsAwarded, !(0...V4Limits.maxPoints).contains(pointsAwarded) {
            throw V4Error(.invalidParameter, "points_awarded 必须在 0-\(V4Limits.maxPoints) 之间")
        }
        for text in [rejectionReason, reason] where (text?.count ?? 0) > 500 {
            throw V4Error(.invalidParameter, "审核理由不能超过500个字符")
        }
    }
}

/// `photo/:id`, `photo/uploads/:id`: the numeric id or the `upload_…` id.
public struct V4PhotoPath: V4FieldInput, Equatable {
    public var id = ""
    public init() {}
    public init(id: String) { self.id = id }
    public static let fields: [V4Field<Self>] = [.path(\.id, "id")]
}

/// `photo/review-statistics?period&reviewer_id`: `period` 1d|7d|30d|all|today (default 7d).
public struct V4ReviewStatisticsQuery: V4FieldInput, Equatable {
    public static let periods: Set<String> = ["today", "1d", "7d", "30d", "all"]
    public var period = "7d"
    public var reviewerId: Int64?

    public init() {}
    public init(period: String, reviewerId: Int64? = nil) {
        self.period = period
        self.reviewerId = reviewerId
    }

    public static let fields: [V4Field<Self>] = [.query(\.reviewerId, "reviewer_id"), .query(\.period, "period")]

    public func validate() throws(V4Error) {
        guard Self.periods.contains(period) else { throw V4Error(.invalidParameter, "period 必须是 today、1d、7d、30d 或 all") }
    }
}

/// `merchant/apply`: business name, contact person and phone required (D1-B).
@PublicInit
public struct V4MerchantApplyRequest: V4FieldInput, Equatable {
    public var businessName: String?
    public var businessLicense: String?
    public var contactPerson: String?
    public var contactPhone: String?
    public var businessAddress: String?
    public var reason: String?

    public init() {}

    public static let fields: [V4Field<Self>] = [
        .body(\.businessName, "business_name"), .body(\.businessLicense, "business_license"),
        .body(\.contactPerson, "contact_person"), .body(\.contactPhone, "contact_phone"),
        .body(\.businessAddress, "business_address"), .body(\.reason, "reason"),
    ]

    public func validate() throws(V4Error) {
        for (name, value) in [("business_name", businessName), ("contact_person", contactPerson), ("contact_phone", contactPhone)] {
            guard let value, !value.trimmingSpaces.isEmpty else { throw V4Error(.missingParameter, "请填写完整的申请信息（\(name)）") }
        }
        for (name, value, limit) in [
            ("business_name", businessName, 100), ("business_license", businessLicense, 50), ("contact_person", contactPerson, 50),
            ("contact_phone", contactPhone, 20), ("business_address", businessAddress, 200), ("reason", reason, 500),
        ] where (value?.count ?? 0) > limit {
            throw V4Error(.invalidParameter, "\(name) 不能超过\(limit)个字符")
        }
    }
}

/// `admin/merchant-applications?page&limit&status`.
public typealias V4MerchantApplicationsQuery = V4StatusPageQuery<V4MerchantApplicationStatus>

/// The states of a merchant application.
public enum V4MerchantApplicationStatus: V4StatusVocabulary {
    public static let statuses: Set<String> = ["pending", "approved", "rejected"]
}

/// `admin/merchant-applications/:id {status: approved|rejected}`.
public struct V4MerchantDecisionRequest: V4FieldInput, Equatable {
    public var applicationId: Int64 = 0
    public var status: String?
    public init() {}
    public init(applicationId: Int64, status: String?) {
        self.applicationId = applicationId
        self.status = status
    }
    public static let fields: [V4Field<Self>] = [.path(\.applicationId, "id"), .body(\.status, "status")]
    public func validate() throws(V4Error) {
        guard status == "approved" || status == "rejected" else { throw V4Error(.invalidParameter, "status 必须是 approved 或 rejected") }
    }
}

public struct V4UploadsQuery: V4FieldInput, Equatable {
    public var page = V4PageQuery(page: 1, limit: 20)
    public var reviewStatus: String?

    public init() {}
    public init(page: V4PageQuery, reviewStatus: String? = nil) {
        self.page = page
        self.reviewStatus = reviewStatus
    }

    public static let fields: [V4Field<Self>] = [.page(\.page), .query(\.reviewStatus, "review_status")]

    public func validate() throws(V4Error) { try page.validate() }
}
