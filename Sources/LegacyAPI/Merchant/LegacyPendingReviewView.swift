import BridgeKit
import V4Contract

/// Every pending-review field the three documented lists show (D0 `reviews`, D1-A `reviews`,
/// D1-B `pending_reviews`), from a V4 pending upload. Shapes pick the fields (X… in
/// Docs/compatibility.md M2).
enum LegacyPendingReviewView {
    struct Source: Sendable {
        var upload: V4PhotoUpload
        var call: LegacyCall
        var now: Date
    }

    static let view = LegacyViewFields<Source>([
        "id": { .int($0.upload.resourceId) },
        "upload_id": { .string($0.upload.uploadId) },
        "user_id": { $0.upload.userId.map { JSONValue.int($0) } ?? .null },
        "user_nickname": { JSONValue($0.upload.userNickname) },
        "user_name": { JSONValue($0.upload.userNickname) },
        "user_info": { ["nickname": JSONValue($0.upload.userNickname), "mobile": JSONValue($0.upload.userMobile)] },
        "image_url": { $0.call.absoluteURL($0.upload.originalUrl) },
        "amount": { LegacyMoney.yuan(cents: $0.upload.amountCents) },
        "expected_points": {
            .int(Int64(LegacyPointsRule.points(cents: $0.upload.amountCents, rule: $0.call.paramValue("points_rule"))))
        },
        "description": { JSONValue($0.upload.description) },
        "upload_time": { LegacyTime.from(v4: $0.upload.uploadedAt) },
        "status": { _ in "pending" },
        "file_size": { $0.upload.fileSize.map { JSONValue.int(Int64($0)) } ?? .null },
        "original_filename": { JSONValue($0.upload.originalFilename) },
        "waiting_time": { source in
            LegacyDuration.text(seconds: Timestamp.parse(source.upload.uploadedAt).map { Int(source.now.timeIntervalSince($0)) })
        },
    ])

    static var fieldNames: Set<String> { view.names }

    static func make(_ upload: V4PhotoUpload, call: LegacyCall, now: Date) -> LegacyView<Source> {
        view.make(Source(upload: upload, call: call, now: now))
    }
}
