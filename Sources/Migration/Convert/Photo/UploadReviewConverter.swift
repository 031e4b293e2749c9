/// upload_reviews (PhotoReview) → image_resources (Docs/migration.md "upload_reviews").
public struct UploadReviewConverter: Sendable {
    typealias C = UploadReviewColumn

    public init() {}

    public func convert(_ row: LegacyRow, _ context: ConversionContext) throws(Rejection) -> [TargetRow] {
        var rules = ColumnRules(context, row: row)
        let resourceId = try rules.id(row[C.id], "id")
        let uploadId = try rules.nonEmpty(row[C.uploadId], "upload_id")
        let userId = try rules.user(row[C.userId])
        let url = try rules.nonEmpty(row[C.imageURL], "image_url")
        guard let amount = LegacyMoney.cents(row[C.amount]) else { throw Rejection("amount", "not an amount") }
        guard amount >= 0 else { throw Rejection("amount", "negative") }
        var actual: Int64? = nil
        if !row[C.actualAmount].isNull {
            guard let cents = LegacyMoney.cents(row[C.actualAmount]) else { throw Rejection("actual_amount", "not an amount") }
            guard cents >= 0 else { throw Rejection("actual_amount", "negative") }
            actual = cents
        }
        let points = try rules.integer(row[C.pointsAwarded], "points_awarded", minimum: 0)
        var fileSize = try rules.optionalInteger(row[C.fileSize], "file_size")
        if let size = fileSize, size < 0 {
            rules.extras.keep("file_size", row[C.fileSize])
            fileSize = nil
        }
        let status = try rules.mapped(row[C.reviewStatus], "review_status", context.rules.reviewStatus)
        // V4 has only a rejection reason; the reason given for other outcomes stays in extras.
        var rejectionReason: String? = nil
        if let reason = row[C.reviewReason].text {
            if status == "rejected" { rejectionReason = reason } else { rules.extras.keep("review_reason", .text(reason)) }
        }
        let uploadedAt = try rules.requiredTime(row[C.createdAt], "created_at", fallback: row[C.updatedAt])
        let reviewedAt = rules.optionalTime(row[C.reviewTime], "review_time")
        let updatedAt = rules.optionalTime(row[C.updatedAt], "updated_at")
        return [
            TargetRow(.imageResources, [
                .int(resourceId), .text(uploadId), .int(userId), .text(url), .null, .text("receipt"),
                TargetValue(row[C.description].text), .text(status),
                TargetValue(try rules.optionalInteger(row[C.reviewerId], "reviewer_id")), TargetValue(reviewedAt),
                TargetValue(rejectionReason), .int(points), .text(uploadedAt), .int(amount), TargetValue(actual),
                TargetValue(row[C.originalFilename].text), TargetValue(fileSize), TargetValue(updatedAt),
                rules.extras.column,
            ])
        ]
    }
}
