import V4Contract
import BridgeKit
import GRDB

/// Read side of the photo uploads: a user's own uploads and their statistics.
@PublicInit
public struct PhotoService: Sendable {
    let database: CoreDatabase

    /// The review states [B] filters on.
    public static let reviewStatuses: Set<String> = ["pending", "reviewing", "approved", "rejected"]

    /// `userId`'s uploads, newest first, optionally in some review states (one, or the
    /// extension: several, comma-separated: `pending,reviewing`).
    public func uploads(of userId: Int64, page: V4PageQuery, reviewStatus: String?) async throws -> V4PhotoUploads {
        let states = reviewStatus.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        if let states, states.isEmpty || states.count > Self.reviewStatuses.count || !states.allSatisfy(Self.reviewStatuses.contains) {
            throw V4Error(.invalidParameter, "review_status 必须是 pending、reviewing、approved 或 rejected")
        }
        return try await database.read { db in
            var request = ImageResourceRecord.filter(ImageResourceRecord.Columns.userId == userId)
            if let states { request = request.filter(states.contains(ImageResourceRecord.Columns.reviewStatus)) }
            let total = try request.fetchCount(db)
            let rows = try request.order(ImageResourceRecord.Columns.uploadedAt.desc, ImageResourceRecord.Columns.resourceId.desc)
                .limit(page.limit, offset: page.offset).fetchAll(db)
            return V4PhotoUploads(uploads: rows.map(Self.payload), pagination: page.pagination(total: total))
        }
    }

    public func statistics(of userId: Int64) async throws -> V4PhotoStatistics {
        try await database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS total,
                           COALESCE(SUM(review_status = \(ReviewStatus.approved.sql)), 0) AS approved,
                           COALESCE(SUM(review_status = \(ReviewStatus.rejected.sql)), 0) AS rejected,
                           COALESCE(SUM(points_awarded), 0) AS points
                    FROM image_resources WHERE user_id = ?
                    """, arguments: [userId])!
            let total: Int = row["total"], approved: Int = row["approved"], rejected: Int = row["rejected"]
            return V4PhotoStatistics(statistics: .init(
                totalUploads: total, pendingCount: total - approved - rejected, approvedCount: approved,
                rejectedCount: rejected, approvalRate: PointsService.percent(approved, of: approved + rejected),
                totalPointsAwarded: row["points"]))
        }
    }

    static func payload(_ row: ImageResourceRecord) -> V4PhotoUpload {
        V4PhotoUpload(
            resourceId: row.resourceId!, originalUrl: row.originalUrl, thumbnailUrl: row.thumbnailUrl, category: row.category,
            description: row.description, reviewStatus: row.reviewStatus.rawValue, uploadedAt: Timestamp.beijing(row.uploadedAt),
            reviewedAt: row.reviewedAt.map(Timestamp.beijing), pointsAwarded: row.pointsAwarded, uploadId: row.uploadId,
            amountCents: row.amountCents, actualAmountCents: row.actualAmountCents, rejectionReason: row.rejectionReason,
            reviewReason: reviewReason(row), userId: row.userId, originalFilename: row.originalFilename, fileSize: row.fileSize,
            width: row.width, height: row.height, reviewedBy: row.reviewedBy)
    }

    /// A rejection keeps its reason in `rejection_reason`; the migrator keeps the legacy remark
    /// on any other upload in `legacy_extras.review_reason`.
    static func reviewReason(_ row: ImageResourceRecord) -> String? {
        if row.reviewStatus == .rejected, let reason = row.rejectionReason { return reason }
        if let note = row.reviewNote { return note }
        guard let extras = row.legacyExtras, let parsed = try? JSONValue.parse(extras) else { return nil }
        return parsed["review_reason"]?.stringValue
    }
}
