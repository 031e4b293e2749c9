import BridgeKit
import V4Contract

/// `POST /api/merchant/apply` → V4 extension `merchant/apply`. Approved at once in development
/// (the docs' answer); in production the application waits for an admin and says so.
struct MerchantApplyTranslation: LegacyTranslation {
    static let name = "merchant.apply"
    static let reads = MappingReads(
        params: ["pending_message"],
        fields: ["business_name", "business_license", "contact_person", "contact_phone", "business_address", "reason"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let application = try await call.v4(
            V4API.Merchant.apply,
            .init(
                businessName: call.input.string("business_name"), businessLicense: call.input.string("business_license"),
                contactPerson: call.input.string("contact_person"), contactPhone: call.input.string("contact_phone"),
                businessAddress: call.input.string("business_address"), reason: call.input.string("reason")))
        return LegacyReply(
            data: [
                "user_id": .int(application.userId), "is_merchant": .bool(application.isMerchant),
                "business_name": .string(application.businessName), "status": .string(application.status),
                "applied_at": LegacyTime.from(v4: application.appliedAt),
            ],
            msg: application.isMerchant ? nil : call.param("pending_message"))
    }
}

/// `GET /api/merchant/statistics?period&reviewer_id` → V4 extension `photo/review-statistics`:
/// D1-A's flat figures (approval rate a fraction) and D1-B's `statistics` block (a percent),
/// distributions and daily breakdown together.
struct MerchantStatisticsTranslation: LegacyTranslation {
    static let name = "merchant.statistics"
    static let reads = MappingReads(fields: ["period", "reviewer_id"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let query = V4ReviewStatisticsQuery(period: call.input.string("period") ?? "7d", reviewerId: call.input.int("reviewer_id"))
        let stats = try await Compositions.extensionOr(
            { () async throws(V4ClientError) in try await call.v4(V4API.Photo.reviewStatistics, query) },
            compose: { try await Compositions.reviewStatistics(call) })
        let decided = stats.approvedCount + stats.rejectedCount
        let fraction = decided == 0 ? 0 : Double(stats.approvedCount) / Double(decided)
        let time = LegacyDuration.text(seconds: stats.averageReviewSeconds)
        let busiest = stats.hourly.max { $0.reviews < $1.reviews || ($0.reviews == $1.reviews && $0.hour > $1.hour) }
        func hour(_ h: Int) -> String { (h < 10 ? "0" : "") + "\(h):00" }
        var bands = JSONObject()
        for band in stats.amountBands { bands[band.band] = .int(Int64(band.count)) }
        return LegacyReply(data: [
            "period": .string(stats.period), "reviewer_id": stats.reviewerId.map { JSONValue.int($0) } ?? .null,
            "total_reviews": .int(Int64(stats.totalReviews)), "approved_count": .int(Int64(stats.approvedCount)),
            "rejected_count": .int(Int64(stats.rejectedCount)), "pending_count": .int(Int64(stats.pendingCount)),
            "approval_rate": .double((fraction * 100).rounded() / 100),
            "total_points_awarded": .int(Int64(stats.totalPointsAwarded)), "avg_review_time": time,
            "daily_breakdown": .array(stats.daily.map {
                ["date": .string($0.date), "reviews": .int(Int64($0.reviews)), "approved": .int(Int64($0.approved)),
                 "rejected": .int(Int64($0.rejected))]
            }),
            "statistics": [
                "total_reviews": .int(Int64(stats.totalReviews)), "approved_count": .int(Int64(stats.approvedCount)),
                "rejected_count": .int(Int64(stats.rejectedCount)), "approval_rate": .double((fraction * 1000).rounded() / 10),
                "total_points_awarded": .int(Int64(stats.totalPointsAwarded)), "average_processing_time": time,
                "busiest_hour": busiest.map { .string(hour($0.hour) + "-" + hour(($0.hour + 1) % 24)) } ?? .null,
            ],
            "hourly_distribution": .array(stats.hourly.map { ["hour": .string(hour($0.hour)), "reviews": .int(Int64($0.reviews))] }),
            "amount_distribution": .object(bands),
        ])
    }
}

/// `GET /api/merchant/product-stats` (D1-A §1.3.1) → V4 `auth/profile` (merchant check) and
/// the catalogue's counts: on the shelf, off it, low on stock, all.
struct ProductStatsTranslation: LegacyTranslation {
    static let name = "merchant.product_stats"
    static let reads = MappingReads()

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let profile = try await call.v4(V4API.Auth.profile, .init())
        guard profile.user.isMerchant || profile.user.roleBasedAdmin else {
            throw V4ClientError(V4Error(.permissionDenied, "需要商家权限"))
        }
        let summary = try await call.v4(V4API.Inventory.products, .init(page: V4PageQuery(page: 1, limit: 1))).summary
        let active = summary?.totalProducts ?? 0, offline = summary?.inactiveProducts ?? 0
        return LegacyReply(data: [
            "activeCount": .int(Int64(active)), "offlineCount": .int(Int64(offline)),
            "lowStockCount": .int(Int64(summary?.lowStockProducts ?? 0)), "totalCount": .int(Int64(active + offline)),
        ])
    }
}
