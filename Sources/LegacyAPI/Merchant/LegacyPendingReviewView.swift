import BridgeKit
import V4Contract
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every pending-review field the three documented lists show (D0 `reviews`, D1-A `reviews`,
/// D1-B `pending_reviews`), from a V4 pending upload. Shapes pick the fields (X… in
/// Docs/compatibility.md M2).
enum LegacyPendingReviewView {
    static let fieldNames: Set<String> = [
        "id", "upload_id", "user_id", "user_nickname", "user_name", "user_info", "image_url", "amount", "expected_points",
        "description", "upload_time", "status", "file_size", "original_filename", "waiting_time",
    ]

    static func make(_ upload: V4PhotoUpload, call: LegacyCall, now: Date) -> JSONObject {
        var view = JSONObject()
        view["id"] = .int(upload.resourceId)
        view["upload_id"] = .string(upload.uploadId)
        view["user_id"] = upload.userId.map { JSONValue.int($0) } ?? .null
        let nickname = JSONValue(upload.userNickname)
        view["user_nickname"] = nickname
        view["user_name"] = nickname
        view["user_info"] = ["nickname": nickname, "mobile": JSONValue(upload.userMobile)]
        view["image_url"] = call.absoluteURL(upload.originalUrl)
        view["amount"] = LegacyMoney.yuan(cents: upload.amountCents)
        view["expected_points"] = .int(Int64(LegacyPointsRule.points(cents: upload.amountCents, rule: call.paramValue("points_rule"))))
        view["description"] = JSONValue(upload.description)
        view["upload_time"] = LegacyTime.from(v4: upload.uploadedAt)
        view["status"] = "pending"
        view["file_size"] = upload.fileSize.map { JSONValue.int(Int64($0)) } ?? .null
        view["original_filename"] = JSONValue(upload.originalFilename)
        let waited = Timestamp.parse(upload.uploadedAt).map { Int(now.timeIntervalSince($0)) }
        view["waiting_time"] = LegacyDuration.text(seconds: waited)
        return view
    }
}
