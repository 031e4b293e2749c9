import BridgeKit
import V4Contract

/// Every upload-record field the legacy history variants show, from a V4 upload. Shapes in
/// Mappings pick the fields (Docs/compatibility.md P1-P6).
enum LegacyUploadView {
    static let view = LegacyViewFields<V4PhotoUpload>([
        "id": { .int($0.resourceId) },
        "upload_id": { .string($0.uploadId) },
        "image_url": { .string($0.originalUrl) },
        "amount": { LegacyMoney.yuan(cents: $0.amountCents) },
        "actual_amount": { LegacyMoney.yuan(cents: $0.actualAmountCents) },
        "points": { .int(Int64($0.pointsAwarded)) },
        "points_awarded": { .int(Int64($0.pointsAwarded)) },
        "status": { status($0) },
        "review_status": { status($0) },
        "review_reason": { JSONValue($0.reviewReason) },
        "review_note": { JSONValue($0.reviewReason) },
        "reviewer_note": { JSONValue($0.reviewReason) },
        "upload_time": { LegacyTime.from(v4: $0.uploadedAt) },
        "uploaded_at": { LegacyTime.from(v4: $0.uploadedAt) },
        "review_time": { LegacyTime.from(v4: $0.reviewedAt) },
        "reviewed_at": { LegacyTime.from(v4: $0.reviewedAt) },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ upload: V4PhotoUpload) -> JSONObject { view.make(upload) }

    /// V4's intermediate `reviewing` is still "待审核" to a legacy client.
    private static func status(_ upload: V4PhotoUpload) -> JSONValue {
        .string(upload.reviewStatus == "reviewing" ? "pending" : upload.reviewStatus)
    }
}
