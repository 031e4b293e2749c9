import BridgeKit
import V4Contract

/// Every upload-record field the legacy history variants show, from a V4 upload. Shapes in
/// Mappings pick the fields (Docs/compatibility.md P1-P6).
enum LegacyUploadView {
    struct Source: Sendable {
        var upload: V4PhotoUpload
        var call: LegacyCall
    }

    static let view = LegacyViewFields<Source>([
        "id": { .int($0.upload.resourceId) },
        "upload_id": { .string($0.upload.uploadId) },
        "image_url": { $0.call.absoluteURL($0.upload.originalUrl) },
        "amount": { LegacyMoney.yuan(cents: $0.upload.amountCents) },
        "actual_amount": { LegacyMoney.yuan(cents: $0.upload.actualAmountCents) },
        "points": { .int(Int64($0.upload.pointsAwarded)) },
        "points_awarded": { .int(Int64($0.upload.pointsAwarded)) },
        "status": { status($0.upload) },
        "review_status": { status($0.upload) },
        "review_reason": { JSONValue($0.upload.reviewReason) },
        "review_note": { JSONValue($0.upload.reviewReason) },
        "reviewer_note": { JSONValue($0.upload.reviewReason) },
        "upload_time": { LegacyTime.from(v4: $0.upload.uploadedAt) },
        "uploaded_at": { LegacyTime.from(v4: $0.upload.uploadedAt) },
        "review_time": { LegacyTime.from(v4: $0.upload.reviewedAt) },
        "reviewed_at": { LegacyTime.from(v4: $0.upload.reviewedAt) },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ upload: V4PhotoUpload, call: LegacyCall) -> LegacyView<Source> { view.make(Source(upload: upload, call: call)) }

    /// V4's intermediate `reviewing` is still "待审核" to a legacy client.
    private static func status(_ upload: V4PhotoUpload) -> JSONValue {
        .string(upload.reviewStatus == "reviewing" ? "pending" : upload.reviewStatus)
    }
}
