import V4Contract

/// `admin/announcements`.
struct AnnouncementHandlers {
    let announcements: AnnouncementService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.System.createAnnouncement) { input, caller in try await announcements.create(input, by: caller.authenticated) }
    }
}
