import BridgeKit
import Logging
import V4Contract

/// `POST /api/merchant/reviews/batch` (D0: items `{id, action approve|reject, actual_amount,
/// points_awarded, review_reason | reject_reason}`) and `/api/merchant/batch-review` (D1: items
/// `{upload_id, action approved|rejected, actual_amount, reason}`). Each item is its own V4
/// review, in order: one that fails is reported and does not undo the others. The answer
/// carries D1-A's and D1-B's counters and per-item results together.
struct BatchReviewTranslation: LegacyTranslation {
    static let name = "merchant.batch_review"
    static let reads = MappingReads(
        params: ["points_rule", "default_reject_reason", "actions", "max_items"], fields: ["reviews"])

    /// V4 refusals of the caller rather than of an item: they fail the whole batch.
    static let callerFailures: Set<String> = [
        "PERMISSION_DENIED", "ADMIN_ONLY", "TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED", "UNAUTHORIZED", "USER_INACTIVE",
    ]

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let items = call.input["reviews"]?.arrayValue ?? []
        let limit = Int(call.paramValue("max_items")?.intValue ?? 50)
        guard !items.isEmpty, items.count <= limit else {
            throw LegacyError(call.mappings.legacyError(forFailure: .invalidValue, route: call.route, field: call.route.fields.first))
        }
        let actions = call.paramValue("actions")?.objectValue ?? [:]
        let started = Date()
        var results: [JSONValue] = []
        var successful = 0
        for item in items {
            let id = item["upload_id"]?.stringValue ?? item["id"].flatMap { $0.stringValue ?? $0.intValue.map { String($0) } }
            var result: JSONObject = ["upload_id": JSONValue(id), "id": item["id"] ?? .null]
            do {
                guard let id, let sent = item["action"]?.stringValue, let action = actions[sent]?.stringValue else {
                    throw LegacyError(call.mappings.legacyError(forFailure: .invalidValue, route: call.route))
                }
                let reason = item["reason"]?.stringValue ?? item["review_reason"]?.stringValue ?? item["reject_reason"]?.stringValue
                let decision = ReviewDecision(
                    uploadId: id, action: action, actualAmount: item["actual_amount"],
                    pointsAwarded: item["points_awarded"]?.intValue.map { Int($0) }, reason: reason)
                let review = try await decision.perform(call).review
                result["upload_id"] = .string(review.uploadId)
                result["status"] = "success"
                result["points_awarded"] = .int(Int64(review.pointsAwarded))
                result["user_id"] = JSONValue(review.userId)
                successful += 1
            } catch V4ClientError.rejected(let code, _, _, _) where Self.callerFailures.contains(code) {
                // Not this item's fault: the caller may not review at all.
                throw V4ClientError.rejected(code: code, message: code, status: 403, data: nil)
            } catch {
                let legacy = LegacyErrorMapping(mappings: call.mappings).legacyError(for: error, route: call.route, logger: .init(label: "batch"))
                result["status"] = "failed"
                result["points_awarded"] = .int(0)
                result["error_code"] = .int(Int64(legacy.code))
                result["error_msg"] = .string(legacy.msg)
            }
            results.append(.object(result))
        }
        let processed = JSONValue.int(Int64(items.count)), ok = JSONValue.int(Int64(successful))
        let failed = JSONValue.int(Int64(items.count - successful))
        let elapsed = Date().timeIntervalSince(started)
        return LegacyReply(data: [
            "processed": processed, "successful": ok, "failed": failed,
            "total_reviews": processed, "successful_reviews": ok, "failed_reviews": failed,
            "results": .array(results), "processing_time": .string(String(format: "%.1f秒", elapsed)),
        ])
    }
}
