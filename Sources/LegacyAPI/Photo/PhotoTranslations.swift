import BridgeKit
import V4Contract

/// `GET /api/photo/history` (and `/api/upload/records`, `/upload/records`) → V4
/// `photo/my-uploads` + `photo/my-stats`. The union of D0's, D1-A's and D1-B's answers
/// (Docs/compatibility.md P1-P6).
struct PhotoHistoryTranslation: LegacyTranslation {
    static let name = "photo.history"
    static let reads = MappingReads.list(shape: "upload_record", fields: ["status"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let (uploads, counted) = try await call.both(
            { try await call.v4(V4API.Photo.myUploads, .init(page: call.pageQuery, reviewStatus: call.filter("status"))) },
            { try await call.v4(V4API.Photo.myStats, .init()) })
        let stats = counted.statistics
        var data = LegacyList.data(
            uploads.uploads.map { call.shaped("upload_record", from: LegacyUploadView.make($0, call: call)) }, pagination: uploads.pagination,
            route: call.route)
        let counts: [(snake: String, camel: String, value: Int)] = [
            ("total_uploads", "totalUploads", stats.totalUploads), ("approved_count", "approvedCount", stats.approvedCount),
            ("pending_count", "pendingCount", stats.pendingCount), ("rejected_count", "rejectedCount", stats.rejectedCount),
            ("total_points_earned", "totalPointsEarned", stats.totalPointsAwarded),
        ]
        var summary = JSONObject(), statistics = JSONObject()
        for count in counts { summary[count.snake] = .int(Int64(count.value)) }
        for count in counts { statistics[count.snake] = .int(Int64(count.value)) }
        for count in counts { statistics[count.camel] = .int(Int64(count.value)) }
        data["summary"] = .object(summary)
        data["statistics"] = .object(statistics)
        return LegacyReply(data: .object(data))
    }
}
