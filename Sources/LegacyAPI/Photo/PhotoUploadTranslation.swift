import BridgeKit
import V4Contract

/// `POST /api/photo/upload` (and `/upload/photo`, `/api/upload/photo`) → V4 `photo/upload`
/// (multipart). The answer is the union of D0's and D1's (Docs/compatibility.md P8-P9); the
/// expected points follow the route's `points_rule`.
struct PhotoUploadTranslation: LegacyTranslation {
    static let name = "photo.upload"
    static let reads = MappingReads(
        params: ["points_rule", "review_message", "estimated_review_time"], fields: ["photo", "amount", "description"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        // Across a network, the newest upload before this one: what reading the outcome back compares with.
        let before: Int64? = call.writesNeedSnapshots ? try await UploadReadBack.newestUploadId(call) : nil
        let result = try await call.write(
            V4API.Photo.upload,
            .init(
                file: call.input.file("photo"), amount: call.input["amount"], description: call.input.string("description")),
            readBack: { try await UploadReadBack.find(call, after: before) })
        let upload = result.upload
        let uploaded = LegacyTime.from(v4: upload.uploadedAt)
        return LegacyReply(data: [
            "upload_id": .string(upload.uploadId), "id": .int(upload.resourceId), "image_url": call.absoluteURL(upload.originalUrl),
            "amount": LegacyMoney.yuan(cents: upload.amountCents),
            "expected_points": .int(Int64(LegacyPointsRule.points(cents: upload.amountCents, rule: call.paramValue("points_rule")))),
            "status": "pending", "review_status": "待审核", "message": .string(call.param("review_message")),
            "upload_time": uploaded, "estimated_review_time": .string(call.param("estimated_review_time")),
            "file_size": upload.fileSize.map { JSONValue.int(Int64($0)) } ?? .null, "original_filename": JSONValue(upload.originalFilename),
        ])
    }
}

/// `GET /api/photo/review/:id` (D0: the numeric id; D1-B: the `upload_…` id) → V4 extension
/// `photo/uploads/:id`: D1-B's shape plus D0's id, status and image. Another user's upload is
/// not found.
struct PhotoReviewDetailTranslation: LegacyTranslation {
    static let name = "photo.review_detail"
    static let reads = MappingReads(fields: ["id"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let id = call.input.string("id") ?? ""
        let upload = try await Compositions.extensionOr(
            { () async throws(V4ClientError) in try await call.v4(V4API.Photo.detail, .init(id: id)) },
            compose: { try await Compositions.upload(call, id: id) })
        let view = LegacyUploadView.make(upload, call: call)
        return LegacyReply(data: [
            "id": view["id"]!, "upload_id": view["upload_id"]!, "image_url": call.absoluteURL(upload.originalUrl),
            "status": view["status"]!, "review_status": view["review_status"]!, "amount": view["amount"]!,
            "actual_amount": view["actual_amount"]!, "points_awarded": view["points_awarded"]!, "review_reason": view["review_reason"]!,
            // Always an object (D1-B reads reviewer_info.reviewer_name); its fields are null until
            // someone reviewed the upload.
            "reviewer_info": ["reviewer_id": upload.reviewedBy.map { .int($0) } ?? .null, "reviewer_name": JSONValue(upload.reviewerName)],
            "timeline": [
                "uploaded_at": view["uploaded_at"]!, "reviewed_at": view["reviewed_at"]!,
                "processing_time": LegacyDuration.between(upload.uploadedAt, upload.reviewedAt),
            ],
        ])
    }
}

/// `GET /api/photo/statistics` (D0 lists it without a shape) → V4 `photo/my-stats`: the counts
/// the history answers carry, under both of their namings, and the approval rate.
struct PhotoStatisticsTranslation: LegacyTranslation {
    static let name = "photo.statistics"
    static let reads = MappingReads()

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let stats = try await call.v4(V4API.Photo.myStats, .init()).statistics
        var data = JSONObject()
        for (snake, camel, value) in [
            ("total_uploads", "totalUploads", stats.totalUploads), ("approved_count", "approvedCount", stats.approvedCount),
            ("pending_count", "pendingCount", stats.pendingCount), ("rejected_count", "rejectedCount", stats.rejectedCount),
            ("total_points_earned", "totalPointsEarned", stats.totalPointsAwarded),
        ] {
            data[snake] = .int(Int64(value))
            data[camel] = .int(Int64(value))
        }
        data["approval_rate"] = .string(stats.approvalRate)
        return LegacyReply(data: .object(data))
    }
}

/// `POST /api/user/avatar` (multipart `avatar`) → V4 extension `auth/avatar`: D0's and D1-A's
/// `avatarUrl`.
struct AvatarTranslation: LegacyTranslation {
    static let name = "user.avatar"
    static let reads = MappingReads(fields: ["avatar"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let result = try await call.v4(V4API.Photo.avatar, .init(file: call.input.file("avatar")))
        return LegacyReply(data: ["avatarUrl": call.absoluteURL(result.avatarUrl)])
    }
}
