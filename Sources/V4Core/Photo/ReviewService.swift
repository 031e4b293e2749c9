import V4Contract
import BridgeKit
import GRDB
import ServerKit

/// Merchant review of receipt uploads. A review is one write transaction: the upload must still
/// be undecided, the status, amount and reason change, and an approval credits the uploader
/// through the ledger in the same transaction (so two reviewers racing credit once).
public struct ReviewService: Sendable {
    let database: CoreDatabase
    let clock: @Sendable () -> Date
    let events: any EventBus

    /// [B]: an approval awards 20 points unless the reviewer says otherwise.
    public static let defaultPoints = 20

    public init(database: CoreDatabase, events: any EventBus, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.events = events
        self.clock = clock
    }

    static func requireReviewer(_ caller: Identity) throws(V4Error) {
        guard caller.isMerchant || caller.isAdmin else { throw V4Error(.permissionDenied, "需要商家权限") }
    }

    /// An upload by its numeric id or its `upload_…` id.
    static func find(_ id: String, in db: Database) throws -> ImageResourceRecord? {
        if let number = Int64(id), number > 0 {
            return try ImageResourceRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM image_resources WHERE resource_id = ?"), arguments: [number])
        }
        return try ImageResourceRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM image_resources WHERE upload_id = ?"), arguments: [id])
    }

    // MARK: Pending

    /// Undecided uploads, oldest first, with who sent them and how long they have waited.
    public func pending(page: V4PageQuery, for caller: Identity) async throws -> V4PendingReviews {
        try Self.requireReviewer(caller)
        let now = clock()
        let dayStart = Timestamp.database(Self.beijingDayStart(now))
        return try await database.read { db in
            let filter = "i.review_status IN (\(ReviewStatus.pending.sql),\(ReviewStatus.reviewing.sql))"
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT i.*, u.mobile AS user_mobile, u.nickname AS user_nickname
                    FROM image_resources i JOIN users u ON u.user_id = i.user_id
                    WHERE \(filter) ORDER BY i.uploaded_at, i.resource_id LIMIT ? OFFSET ?
                    """), arguments: [page.limit, page.offset])
            let summary = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT
                      (SELECT COUNT(*) FROM image_resources i WHERE \(filter)) AS pending,
                      (SELECT COUNT(*) FROM image_resources WHERE uploaded_at >= ?1) AS submitted,
                      (SELECT COUNT(*) FROM image_resources WHERE reviewed_at >= ?1 AND review_status IN (\(ReviewStatus.approved.sql),\(ReviewStatus.rejected.sql))) AS reviewed,
                      (SELECT AVG((julianday(reviewed_at) - julianday(uploaded_at)) * 86400) FROM image_resources
                         WHERE reviewed_at IS NOT NULL AND review_status IN (\(ReviewStatus.approved.sql),\(ReviewStatus.rejected.sql))) AS review_seconds,
                      (SELECT AVG((julianday(?2) - julianday(uploaded_at)) * 86400) FROM image_resources i WHERE \(filter)) AS wait_seconds
                    """), arguments: [dayStart, Timestamp.database(now)])!
            let pending: Int = summary["pending"]
            return V4PendingReviews(
                images: try rows.map { row in
                    var upload = PhotoService.payload(try ImageResourceRecord(row: row))
                    upload.userMobile = (row["user_mobile"] as String?).map(MobileNumber.masked)
                    upload.userNickname = row["user_nickname"]
                    return upload
                },
                pagination: page.pagination(total: pending),
                summary: .init(
                    pendingCount: pending, todaySubmissions: summary["submitted"], todayReviewed: summary["reviewed"],
                    averageReviewSeconds: (summary["review_seconds"] as Double?).map { Int($0.rounded()) },
                    averageWaitSeconds: (summary["wait_seconds"] as Double?).map { Int($0.rounded()) }))
        }
    }

    // MARK: Review

    public func review(_ request: V4PhotoReviewRequest, by caller: Identity) async throws -> V4PhotoReviewResult {
        try Self.requireReviewer(caller)
        let approve = request.status == "approved"
        let actualCents: Int? = approve ? try Self.confirmedAmount(request.actualAmount) : nil
        let rejection = request.rejectionReason ?? request.reason
        if !approve, rejection?.isEmpty ?? true { throw V4Error(.missingParameter, "拒绝时必须填写 rejection_reason") }
        let now = clock()
        let result = try await database.write { db in
            guard var upload = try Self.find(request.resourceId, in: db) else { throw V4Error(.imageNotFound) }
            guard upload.reviewStatus == .pending || upload.reviewStatus == .reviewing else {
                throw V4Error(.imageAlreadyReviewed, data: ["review_status": .string(upload.reviewStatus.rawValue)])
            }
            guard upload.userId != caller.userId || caller.isAdmin else {
                throw V4Error(.permissionDenied, "不能审核自己上传的凭证")
            }
            let points = approve ? request.pointsAwarded ?? Self.defaultPoints : 0
            upload.reviewStatus = approve ? .approved : .rejected
            upload.reviewedBy = caller.userId
            upload.reviewedAt = now
            upload.updatedAt = now
            upload.pointsAwarded = points
            upload.actualAmountCents = actualCents
            if approve { upload.reviewNote = request.reason } else { upload.rejectionReason = rejection }
            try upload.update(db)
            var balance = try PointsLedger.account(for: upload.userId, in: db, at: now).availablePoints
            if points > 0 {
                balance = try PointsLedger.post(
                    PointsEntry(
                        userId: upload.userId, direction: .earn, amount: points, businessType: "photo_approved",
                        sourceType: "photo_review", referenceId: upload.uploadId, title: "拍照审核奖励",
                        description: "拍照审核通过奖励 - 消费\(V4Money.yuanText(actualCents ?? 0))元"),
                    in: db, at: now
                ).balanceAfter
            }
            let reviewer = try String.fetchOne(
                db.cachedStatement(sql: "SELECT nickname FROM users WHERE user_id = ?"), arguments: [caller.userId])
            return V4PhotoReviewResult(review: .init(
                resourceId: upload.resourceId!, uploadId: upload.uploadId, userId: upload.userId, reviewStatus: upload.reviewStatus.rawValue,
                reviewedBy: caller.userId, reviewerName: reviewer ?? nil, reviewedAt: Timestamp.beijing(now),
                uploadedAt: Timestamp.beijing(upload.uploadedAt), pointsAwarded: points, amountCents: upload.amountCents,
                actualAmountCents: actualCents, rejectionReason: approve ? nil : rejection, reason: request.reason ?? rejection,
                userBalance: balance))
        }
        // Committed: the decision to its uploader, and the credit when there is one.
        events.publish(V4Event.afterReview(result.review, at: now))
        return result
    }

    /// An approval needs the amount the reviewer confirmed (0.01–10000.00 yuan).
    static func confirmedAmount(_ value: JSONValue?) throws(V4Error) -> Int {
        guard let value, value != .null else { throw V4Error(.actualAmountRequired) }
        return try V4Money.requiredAmount(value)
    }

    // MARK: Detail and statistics

    /// One upload for its owner, a merchant or an admin; anyone else gets `IMAGE_NOT_FOUND`.
    public func detail(_ id: String, for caller: Identity) async throws -> V4PhotoUpload {
        try await database.read { db in
            guard let row = try Self.find(id, in: db), row.userId == caller.userId || caller.isMerchant || caller.isAdmin else {
                throw V4Error(.imageNotFound)
            }
            var upload = PhotoService.payload(row)
            if let reviewer = row.reviewedBy {
                upload.reviewerName = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT nickname FROM users WHERE user_id = ?"), arguments: [reviewer]) ?? nil
            }
            return upload
        }
    }

    /// Reviews decided in the period (`today`: since Beijing midnight; `1d`/`7d`/`30d`: the
    /// last 24 h × n; `all`), optionally by one reviewer.
    public func statistics(_ query: V4ReviewStatisticsQuery, for caller: Identity) async throws -> V4ReviewStatistics {
        try Self.requireReviewer(caller)
        let now = clock()
        let since: Date? =
            switch query.period {
            case "today": Self.beijingDayStart(now)
            case "1d": now.addingTimeInterval(-86_400)
            case "7d": now.addingTimeInterval(-7 * 86_400)
            case "30d": now.addingTimeInterval(-30 * 86_400)
            default: nil
            }
        let start = since.map(Timestamp.database)
        return try await database.read { db in
            let filter = """
                review_status IN (\(ReviewStatus.approved.sql),\(ReviewStatus.rejected.sql)) AND reviewed_at IS NOT NULL
                AND (?1 IS NULL OR reviewed_at >= ?1) AND (?2 IS NULL OR reviewed_by = ?2)
                """
            let arguments: StatementArguments = [start, query.reviewerId]
            let totals = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(review_status = \(ReviewStatus.approved.sql)), 0) AS approved,
                           COALESCE(SUM(review_status = \(ReviewStatus.rejected.sql)), 0) AS rejected, COALESCE(SUM(points_awarded), 0) AS points,
                           AVG((julianday(reviewed_at) - julianday(uploaded_at)) * 86400) AS seconds,
                           (SELECT COUNT(*) FROM image_resources WHERE review_status IN (\(ReviewStatus.pending.sql),\(ReviewStatus.reviewing.sql))) AS pending
                    FROM image_resources WHERE \(filter)
                    """), arguments: arguments)!
            let days = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT date(reviewed_at, '+8 hours') AS day, COUNT(*) AS reviews,
                           COALESCE(SUM(review_status = \(ReviewStatus.approved.sql)), 0) AS approved, COALESCE(SUM(review_status = \(ReviewStatus.rejected.sql)), 0) AS rejected
                    FROM image_resources WHERE \(filter) GROUP BY day ORDER BY day
                    """), arguments: arguments)
            let hours = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT CAST(strftime('%H', reviewed_at, '+8 hours') AS INTEGER) AS hour, COUNT(*) AS reviews
                    FROM image_resources WHERE \(filter) GROUP BY hour ORDER BY hour
                    """), arguments: arguments)
            let bands = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COALESCE(SUM(amount < 5000), 0) AS a, COALESCE(SUM(amount >= 5000 AND amount < 10000), 0) AS b,
                           COALESCE(SUM(amount >= 10000 AND amount < 20000), 0) AS c, COALESCE(SUM(amount >= 20000), 0) AS d
                    FROM (SELECT COALESCE(actual_amount_cents, amount_cents) AS amount FROM image_resources
                          WHERE \(filter) AND review_status = \(ReviewStatus.approved.sql) AND COALESCE(actual_amount_cents, amount_cents) IS NOT NULL)
                    """), arguments: arguments)!
            return V4ReviewStatistics(
                period: query.period, reviewerId: query.reviewerId, totalReviews: totals["total"],
                approvedCount: totals["approved"], rejectedCount: totals["rejected"], pendingCount: totals["pending"],
                totalPointsAwarded: totals["points"],
                averageReviewSeconds: (totals["seconds"] as Double?).map { Int($0.rounded()) },
                daily: days.map { .init(date: $0["day"], reviews: $0["reviews"], approved: $0["approved"], rejected: $0["rejected"]) },
                hourly: hours.map { .init(hour: $0["hour"], reviews: $0["reviews"]) },
                amountBands: [
                    .init(band: "0-50", count: bands["a"]), .init(band: "50-100", count: bands["b"]),
                    .init(band: "100-200", count: bands["c"]), .init(band: "200+", count: bands["d"]),
                ])
        }
    }

    /// Midnight in Beijing (UTC+8, no daylight saving) of the day `date` falls on.
    static func beijingDayStart(_ date: Date) -> Date {
        let seconds = date.timeIntervalSince1970 + 8 * 3600
        return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400 - 8 * 3600)
    }
}
