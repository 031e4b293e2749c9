import BridgeKit

extension V4API {
    /// [B]'s announcements. Publishing one also pushes it to connected clients (`system_message`).
    public enum System {
        /// Admin. `published_at` in the future stores it for later (not pushed; Docs/compatibility.md W9).
        public static let createAnnouncement = V4Endpoint<V4AnnouncementRequest, V4AnnouncementResult>(
            "system.createAnnouncement", .post, "admin/announcements", access: .bearer, code: "ANNOUNCEMENT_CREATED",
            message: "公告创建成功")

        static let all: [any V4EndpointDescription] = [createAnnouncement]
    }
}

/// `POST admin/announcements`: [B]'s body, plus the D1-B push fields (`message_type`, `action`)
/// and an optional `user_id` for a message to one user (extensions).
@PublicInit
public struct V4AnnouncementRequest: V4FieldInput, Equatable {
    public static let messageTypes: Set<String> = ["info", "warning", "error", "success"]
    public static let actionTypes: Set<String> = ["navigate", "refresh", "none"]

    public var title: String?
    public var content: String?
    public var isImportant = false
    /// ISO 8601 with an offset, as [B]'s example.
    public var publishedAt: String?
    public var messageType = "info"
    public var actionType = "none"
    public var actionTarget: String?
    public var userId: Int64?

    public init() {}

    public static let fields: [V4Field<Self>] = [
        .body(\.isImportant, "is_important"),
        // `action: {type, target}`, both text; absent is `none`.
        V4Field { (input, value) throws(V4Error) in
            switch input.body["action"] {
            case nil, .null: return
            case .object(let action):
                guard case .string(let type)? = action["type"] else { throw V4Error(.invalidParameter, "参数 action.type 必须是字符串") }
                value.actionType = type
                switch action["target"] {
                case nil, .null: break
                case .string(let target): value.actionTarget = target
                default: throw V4Error(.invalidParameter, "参数 action.target 必须是字符串")
                }
            default: throw V4Error(.invalidParameter, "参数 action 必须是对象")
            }
        } write: { value, input in
            var action = JSONObject()
            action["type"] = .string(value.actionType)
            if let target = value.actionTarget { action["target"] = .string(target) }
            input.body["action"] = .object(action)
        },
        .body(\.title, "title"), .body(\.content, "content"), .body(\.publishedAt, "published_at"),
        .body(\.messageType, "message_type"), .body(\.userId, "user_id"),
    ]

    public func validate() throws(V4Error) {
        guard let title, !title.trimmingSpaces.isEmpty else { throw V4Error(.missingParameter, "公告标题不能为空") }
        guard let content, !content.trimmingSpaces.isEmpty else { throw V4Error(.missingParameter, "公告内容不能为空") }
        guard title.count <= 100 else { throw V4Error(.invalidParameter, "公告标题不能超过100个字符") }
        guard content.count <= 2000 else { throw V4Error(.invalidParameter, "公告内容不能超过2000个字符") }
        guard Self.messageTypes.contains(messageType) else { throw V4Error(.invalidParameter, "message_type 必须是 info、warning、error 或 success") }
        guard Self.actionTypes.contains(actionType) else { throw V4Error(.invalidParameter, "action.type 必须是 navigate、refresh 或 none") }
        guard (actionTarget?.count ?? 0) <= 200 else { throw V4Error(.invalidParameter, "action.target 不能超过200个字符") }
        if let publishedAt, Timestamp.parse(publishedAt) == nil {
            throw V4Error(.invalidParameter, "published_at 必须是 ISO 8601 时间")
        }
        if let userId, userId <= 0 { throw V4Error(.invalidParameter, "user_id 必须是正整数") }
    }
}

/// [B]'s `{announcement: {announcement_id, title, status, published_at, created_at}}`, plus
/// how many connected sockets it was pushed to (extension).
@PublicInit
public struct V4AnnouncementResult: Codable, Sendable, Equatable {
    public var announcement: Announcement
    public var pushed: Bool

    @PublicInit
    public struct Announcement: Codable, Sendable, Equatable {
        public var announcementId: Int64
        public var title: String
        public var status: String
        public var publishedAt: String
        public var createdAt: String

        enum CodingKeys: String, CodingKey {
            case announcementId = "announcement_id", title, status, publishedAt = "published_at", createdAt = "created_at"
        }
    }
}
