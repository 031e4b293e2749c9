import BridgeKit
import GRDB
import ServerKit
import V4Contract

/// [B]'s announcements: an admin publishes one; when it is published now (not scheduled) it is
/// also pushed, after the insert commits, to everyone connected (or to its one `user_id`).
public struct AnnouncementService: Sendable {
    let database: CoreDatabase
    let events: any EventBus
    let clock: @Sendable () -> Date

    public init(database: CoreDatabase, events: any EventBus, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.events = events
        self.clock = clock
    }

    public func create(_ request: V4AnnouncementRequest, by admin: Identity) async throws -> V4AnnouncementResult {
        guard admin.isAdmin else { throw V4Error(.adminOnly) }
        let now = clock()
        let published = request.publishedAt.flatMap(Timestamp.parse) ?? now
        let title = request.title ?? "", content = request.content ?? ""
        let id = try await database.write { db -> Int64 in
            if let userId = request.userId, try UserRecord.find(userId, in: db) == nil { throw V4Error(.userNotFound) }
            try db.execute(
                sql: """
                    INSERT INTO announcements (title, content, is_important, status, admin_id, message_type, action_type,
                      action_target, user_id, published_at, created_at)
                    VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    title, content, request.isImportant, admin.userId, request.messageType, request.actionType, request.actionTarget,
                    request.userId, published, now,
                ])
            return db.lastInsertedRowID
        }
        let pushNow = published <= now
        if pushNow {
            events.publish(.systemMessage(V4SystemMessage(
                announcementId: id, title: title, content: content, messageType: request.messageType, actionType: request.actionType,
                actionTarget: request.actionTarget, isImportant: request.isImportant, userId: request.userId, at: now)))
        }
        return V4AnnouncementResult(
            announcement: .init(
                announcementId: id, title: title, status: "active", publishedAt: Timestamp.beijing(published),
                createdAt: Timestamp.beijing(now)),
            pushed: pushNow)
    }
}
