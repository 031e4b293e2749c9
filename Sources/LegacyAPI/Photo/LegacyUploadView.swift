import BridgeKit
import V4Contract

/// Every upload-record field the legacy history variants show, from a V4 upload. Shapes in
/// Mappings pick the fields (Docs/compatibility.md P1-P6).
enum LegacyUploadView {
    static let fieldNames: Set<String> = [
        "id", "upload_id", "image_url", "amount", "actual_amount", "points", "points_awarded", "status", "review_status",
        "review_reason", "review_note", "reviewer_note", "upload_time", "uploaded_at", "review_time", "reviewed_at",
    ]

    static func make(_ upload: V4PhotoUpload) -> JSONObject {
        var view = JSONObject()
        view["id"] = .int(upload.resourceId)
        view["upload_id"] = .string(upload.uploadId)
        view["image_url"] = .string(upload.originalUrl)
        view["amount"] = LegacyMoney.yuan(cents: upload.amountCents)
        view["actual_amount"] = LegacyMoney.yuan(cents: upload.actualAmountCents)
        view["points"] = .int(Int64(upload.pointsAwarded))
        view["points_awarded"] = .int(Int64(upload.pointsAwarded))
        // V4's intermediate `reviewing` is still "待审核" to a legacy client.
        let status = JSONValue.string(upload.reviewStatus == "reviewing" ? "pending" : upload.reviewStatus)
        view["status"] = status
        view["review_status"] = status
        let reason = JSONValue(upload.reviewReason)
        view["review_reason"] = reason
        view["review_note"] = reason
        view["reviewer_note"] = reason
        let uploaded = LegacyTime.from(v4: upload.uploadedAt), reviewed = LegacyTime.from(v4: upload.reviewedAt)
        view["upload_time"] = uploaded
        view["uploaded_at"] = uploaded
        view["review_time"] = reviewed
        view["reviewed_at"] = reviewed
        return view
    }
}
