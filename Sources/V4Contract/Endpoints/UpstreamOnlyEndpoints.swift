/// Endpoints seed 003 documents that our embedded core does not serve: the bridge calls them
/// only in front of a real V4, to compose what our core's extensions would answer. Kept out of
/// `V4API.all`, which is what the core serves.
extension V4API {
    public enum Upstream {
        /// `GET admin/statistics/today` (003 L3365-3555, admin): today's users, draws, points,
        /// uploads, exchanges.
        public static let statisticsToday = V4Endpoint<V4NoInput, V4TodayStatistics>(
            "admin.statistics_today", .get, "admin/statistics/today", access: .bearer, code: "STATISTICS_SUCCESS",
            message: "今日统计数据获取成功")

        /// `POST admin/campaign-permissions/assign {user_id, campaign_id}` (003 L5692-5740, admin;
        /// V4 inventory §3.9): the campaign's `campaign_{id}` role, without which 003 refuses a
        /// user's draw (`NO_CAMPAIGN_PERMISSION`).
        public static let assignCampaignPermission = V4Endpoint<V4CampaignPermissionRequest, V4CampaignPermissionGrant>(
            "admin.campaign_permissions_assign", .post, "admin/campaign-permissions/assign", access: .bearer, code: "ASSIGN_SUCCESS",
            message: "活动权限分配成功")

        /// `GET /api/v4/system/announcements?page&limit` (003 L3010-3055, any user): the active
        /// announcements, newest first, without their admin fields. What the change watcher reads
        /// for announcements published in V4's own console.
        public static let announcements = V4Endpoint<V4PendingReviewsQuery, V4Announcements>(
            "system.announcements", .get, "/api/v4/system/announcements", access: .bearer, code: "ANNOUNCEMENTS_SUCCESS",
            message: "系统公告获取成功")

        public static let all: [any V4EndpointDescription] = [statisticsToday, assignCampaignPermission, announcements]
    }
}

/// What the bridge reads of 003's today statistics (L3390-3512): the upload figures.
public struct V4TodayStatistics: Codable, Sendable, Equatable {
    public var statistics: Statistics

    public struct Statistics: Codable, Sendable, Equatable {
        public var date: String
        public var uploads: Uploads
    }

    public struct Uploads: Codable, Sendable, Equatable {
        public var totalUploads: Int
        public var pendingReview: Int
        public var approved: Int
        public var rejected: Int
        /// 003 does not give the unit; its other durations are minutes.
        public var avgReviewTime: Int?

        enum CodingKeys: String, CodingKey {
            case totalUploads = "total_uploads", pendingReview = "pending_review", approved, rejected, avgReviewTime = "avg_review_time"
        }
    }
}

/// `{user_id, campaign_id}`, both required by 003.
public struct V4CampaignPermissionRequest: V4FieldInput, Equatable {
    public var userId: Int64?
    public var campaignId: Int64?

    public init() {}
    public init(userId: Int64, campaignId: Int64) {
        self.userId = userId
        self.campaignId = campaignId
    }

    public static let fields: [V4Field<Self>] = [.body(\.userId, "user_id"), .body(\.campaignId, "campaign_id")]
}

/// What the bridge reads of 003's assignment answer (the role it granted).
public struct V4CampaignPermissionGrant: Codable, Sendable, Equatable {
    public var action: String?
    public var campaign: Campaign?

    public struct Campaign: Codable, Sendable, Equatable {
        public var campaignId: Int64?
        public var roleName: String?
        enum CodingKeys: String, CodingKey { case campaignId = "campaign_id", roleName = "role_name" }
    }
}

/// 003's announcement list (L3032-3052): `id`, not `announcement_id`, in this sanitised form.
public struct V4Announcements: Codable, Sendable, Equatable {
    public var announcements: [Item]

    public struct Item: Codable, Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var content: String
        public var isImportant: Bool?
        public var publishedAt: String?

        enum CodingKeys: String, CodingKey {
            case id, title, content, isImportant = "is_important", publishedAt = "published_at"
        }
    }
}
