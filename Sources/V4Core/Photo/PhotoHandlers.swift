import V4Contract

/// `photo/...` ([B] §3.5): uploads, their review (merchant or admin), the caller's own uploads
/// and statistics; the avatar upload (extension).
struct PhotoHandlers {
    let photos: PhotoService
    let uploads: UploadService
    let reviews: ReviewService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Photo.upload) { input, caller in try await uploads.upload(input, for: caller.authenticated) }
        handlers.on(V4API.Photo.avatar) { input, caller in try await uploads.avatar(input, for: caller.authenticated) }
        handlers.on(V4API.Photo.delete) { input, caller in try await uploads.delete(input.id, by: caller.authenticated) }
        handlers.on(V4API.Photo.pendingReviews) { input, caller in try await reviews.pending(page: input.page, for: caller.authenticated) }
        handlers.on(V4API.Photo.review) { input, caller in try await reviews.review(input, by: caller.authenticated) }
        handlers.on(V4API.Photo.detail) { input, caller in try await reviews.detail(input.id, for: caller.authenticated) }
        handlers.on(V4API.Photo.reviewStatistics) { input, caller in try await reviews.statistics(input, for: caller.authenticated) }
        handlers.on(V4API.Photo.myUploads) { input, caller in
            try await photos.uploads(of: caller.authenticated.userId, page: input.page, reviewStatus: input.reviewStatus)
        }
        handlers.on(V4API.Photo.myStats) { _, caller in try await photos.statistics(of: caller.authenticated.userId) }
    }
}
