import V4Contract

/// `photo/...` ([B] §3.5): the caller's own uploads and their statistics.
struct PhotoHandlers {
    let photos: PhotoService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Photo.myUploads) { input, caller in
            try await photos.uploads(of: caller.authenticated.userId, page: input.page, reviewStatus: input.reviewStatus)
        }
        handlers.on(V4API.Photo.myStats) { _, caller in try await photos.statistics(of: caller.authenticated.userId) }
    }
}
