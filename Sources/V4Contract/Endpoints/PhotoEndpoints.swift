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
func uploadedFile(_ input: V4Input, _ names: [String]) -> V4UploadedFile? {
    names.lazy.compactMap { input.files[$0] }.first
}

/// `photo/upload`: the receipt image, the amount the user typed, an optional description.
public struct V4PhotoUploadRequest: V4EndpointInput, Equatable {
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

    public init(file: V4UploadedFile?, amount: JSONValue?, description: String? = nil, category: String? = nil) {
        self.file = file
        self.amount = amount
        self.description = description
        self.category = category
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(
            file: uploadedFile(input, Self.fileFields), amount: input.body["amount"], description: try input.string("description"),
            category: try input.string("category"))
    }

    public func write(to input: inout V4Input) {
        if let file { input.files["photo"] = file }
        if let amount { input.body["amount"] = amount }
        input.setBody("description", description)
        input.setBody("category", category)
    }

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
public struct V4AvatarRequest: V4EndpointInput, Equatable {
    public static let maxFileBytes = 2 * 1024 * 1024
    public static let bodyLimit = maxFileBytes + 64 * 1024
    public var file: V4UploadedFile?

    public init(file: V4UploadedFile?) { self.file = file }
    public init(from input: V4Input) throws(V4Error) { file = uploadedFile(input, ["avatar", "file"]) }
    public func write(to input: inout V4Input) { if let file { input.files["avatar"] = file } }
}

/// `photo/pending-reviews?page&limit`.
public struct V4PendingReviewsQuery: V4EndpointInput, Equatable {
    public var page: V4PageQuery
    public init(page: V4PageQuery) { self.page = page }
    public init(from input: V4Input) throws(V4Error) { page = try V4PageQuery(from: input) }
    public func write(to input: inout V4Input) { page.write(to: &input) }
    public func validate() throws(V4Error) { try page.validate() }
}

/// `photo/review/:resourceId {status, rejection_reason}` plus the extensions `reason`,
/// `actual_amount` (yuan; required to approve) and `points_awarded` (an explicit award).
public struct V4PhotoReviewRequest: V4EndpointInput, Equatable {
    public var resourceId: String
    public var status: String?
    public var rejectionReason: String?
    public var reason: String?
    public var actualAmount: JSONValue?
    public var pointsAwarded: Int?

    public init(resourceId: String, status: String?, rejectionReason: String? = nil, reason: String? = nil, actualAmount: JSONValue? = nil, pointsAwarded: Int? = nil) {
        self.resourceId = resourceId
        self.status = status
        self.rejectionReason = rejectionReason
        self.reason = reason
        self.actualAmount = actualAmount
        self.pointsAwarded = pointsAwarded
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(
            resourceId: try input.pathString("resourceId"), status: try input.string("status"),
            rejectionReason: try input.string("rejection_reason"), reason: try input.string("reason"),
            actualAmount: input.body["actual_amount"], pointsAwarded: try input.int("points_awarded"))
    }

    public func write(to input: inout V4Input) {
        input.path["resourceId"] = resourceId
        input.setBody("status", status)
        input.setBody("rejection_reason", rejectionReason)
        input.setBody("reason", reason)
        if let actualAmount { input.body["actual_amount"] = actualAmount }
        if let pointsAwarded { input.body["points_awarded"] = .int(Int64(pointsAwarded)) }
    }

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
public struct V4PhotoPath: V4EndpointInput, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
    public init(from input: V4Input) throws(V4Error) { id = try input.pathString("id") }
    public func write(to input: inout V4Input) { input.path["id"] = id }
}

/// `photo/review-statistics?period&reviewer_id`: `period` 1d|7d|30d|all|today (default 7d).
public struct V4ReviewStatisticsQuery: V4EndpointInput, Equatable {
    public static let periods: Set<String> = ["today", "1d", "7d", "30d", "all"]
    public var period: String
    public var reviewerId: Int64?

    public init(period: String = "7d", reviewerId: Int64? = nil) {
        self.period = period
        self.reviewerId = reviewerId
    }

    public init(from input: V4Input) throws(V4Error) {
        var reviewer: Int64?
        if let text = input.queryString("reviewer_id") {
            guard let id = Int64(text), id > 0 else { throw V4Error(.invalidParameter, "参数 reviewer_id 无效") }
            reviewer = id
        }
        self.init(period: input.queryString("period") ?? "7d", reviewerId: reviewer)
    }

    public func write(to input: inout V4Input) {
        input.query["period"] = period
        input.setQuery("reviewer_id", reviewerId.map(String.init))
    }

    public func validate() throws(V4Error) {
        guard Self.periods.contains(period) else { throw V4Error(.invalidParameter, "period 必须是 today、1d、7d、30d 或 all") }
    }
}

/// `merchant/apply`: business name, contact person and phone required (D1-B).
public struct V4MerchantApplyRequest: V4EndpointInput, Equatable {
    public var businessName: String?
    public var businessLicense: String?
    public var contactPerson: String?
    public var contactPhone: String?
    public var businessAddress: String?
    public var reason: String?

    public init(businessName: String?, businessLicense: String? = nil, contactPerson: String?, contactPhone: String?, businessAddress: String? = nil, reason: String? = nil) {
        self.businessName = businessName
        self.businessLicense = businessLicense
        self.contactPerson = contactPerson
        self.contactPhone = contactPhone
        self.businessAddress = businessAddress
        self.reason = reason
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(
            businessName: try input.string("business_name"), businessLicense: try input.string("business_license"),
            contactPerson: try input.string("contact_person"), contactPhone: try input.string("contact_phone"),
            businessAddress: try input.string("business_address"), reason: try input.string("reason"))
    }

    public func write(to input: inout V4Input) {
        input.setBody("business_name", businessName)
        input.setBody("business_license", businessLicense)
        input.setBody("contact_person", contactPerson)
        input.setBody("contact_phone", contactPhone)
        input.setBody("business_address", businessAddress)
        input.setBody("reason", reason)
    }

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
public struct V4MerchantDecisionRequest: V4EndpointInput, Equatable {
    public var applicationId: Int64
    public var status: String?
    public init(applicationId: Int64, status: String?) {
        self.applicationId = applicationId
        self.status = status
    }
    public init(from input: V4Input) throws(V4Error) {
        self.init(applicationId: try input.pathInt("id"), status: try input.string("status"))
    }
    public func write(to input: inout V4Input) {
        input.path["id"] = String(applicationId)
        input.setBody("status", status)
    }
    public func validate() throws(V4Error) {
        guard status == "approved" || status == "rejected" else { throw V4Error(.invalidParameter, "status 必须是 approved 或 rejected") }
    }
}

public struct V4UploadsQuery: V4EndpointInput, Equatable {
    public var page: V4PageQuery
    public var reviewStatus: String?

    public init(page: V4PageQuery, reviewStatus: String? = nil) {
        self.page = page
        self.reviewStatus = reviewStatus
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(page: try V4PageQuery(from: input), reviewStatus: input.queryString("review_status"))
    }

    public func write(to input: inout V4Input) {
        page.write(to: &input)
        input.setQuery("review_status", reviewStatus)
    }

    public func validate() throws(V4Error) { try page.validate() }
}
