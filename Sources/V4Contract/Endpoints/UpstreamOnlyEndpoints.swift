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

        public static let all: [any V4EndpointDescription] = [statisticsToday]
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
