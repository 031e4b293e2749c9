import V4Contract

/// Reads an upload's outcome back from V4's own records when its answer was lost: the caller's
/// uploads (newest first, 003 L2706-2750) against the newest one before the call. The new upload
/// is taken for this one when it is the only one since.
enum UploadReadBack {
    static func newestUploadId(_ call: LegacyCall) async throws -> Int64 {
        let uploads = try await call.v4(V4API.Photo.myUploads, .init(page: V4PageQuery(page: 1, limit: 1)))
        return uploads.uploads.first?.resourceId ?? 0
    }

    static func find(_ call: LegacyCall, after: Int64?) async throws -> V4PhotoUploadResult? {
        guard let after else { return nil }
        try? await Task.sleep(for: .milliseconds(200))
        let uploads = try await call.v4(V4API.Photo.myUploads, .init(page: V4PageQuery(page: 1, limit: 5)))
        let fresh = uploads.uploads.prefix { $0.resourceId != after }
        guard fresh.count == 1, let upload = fresh.first else { return nil }
        return V4PhotoUploadResult(upload: upload)
    }
}
