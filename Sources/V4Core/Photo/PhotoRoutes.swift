import Hummingbird

/// `/api/v4/unified-engine/photo/...` ([B] §3.5): the caller's own uploads.
public struct PhotoRoutes: Sendable {
    let auth: AuthService
    let photos: PhotoService

    public init(auth: AuthService, photos: PhotoService) {
        self.auth = auth
        self.photos = photos
    }

    public func register(on group: RouterGroup<AppRequestContext>) {
        group
            .v4(.get, "my-uploads", access: .bearer, auth: auth, code: "MY_UPLOADS_SUCCESS", message: "上传历史获取成功") { call in
                try await photos.uploads(
                    of: call.caller.userId, page: call.input.pageQuery(), reviewStatus: call.input.queryString("review_status"))
            }
            .v4(.get, "my-stats", access: .bearer, auth: auth, code: "MY_STATS_SUCCESS", message: "上传统计信息获取成功") { call in
                try await photos.statistics(of: call.caller.userId)
            }
    }
}
