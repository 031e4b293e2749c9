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
public struct V4AnnouncementRequest: V4EndpointInput, Equatable {
    public static let messageTypes: Set<String> = ["info", "warning", "error", "success"]
    public static let actionTypes: Set<String> = ["navigate", "refresh", "none"]

    public var title: String?
    public var content: String?
    public var isImportant: Bool
    /// ISO 8601 with an offset, as [B]'s example.
    public var publishedAt: String?
    public var messageType: String
    public var actionType: String
    public var actionTarget: String?
    public var userId: Int64?

    public init(title: String?, content: String?, isImportant: Bool = false, publishedAt: String? = nil, messageType: String = "info", actionType: String = "none", actionTarget: String? = nil, userId: Int64? = nil) {
        self.title = title
        self.content = content
        self.isImportant = isImportant
        self.publishedAt = publishedAt
        self.messageType = messageType
        self.actionType = actionType
        self.actionTarget = actionTarget
        self.userId = userId
    }

    public init(from input: V4Input) throws(V4Error) {
        let important: Bool
        switch input.body["is_important"] {
        case nil, .null: important = false
        case .bool(let flag): important = flag
        default: throw V4Error(.invalidParameter, "参数 is_important 必须是布尔值")
        }
        var actionType = "none"
        var actionTarget: String?
        switch input.body["action"] {
        case nil, .null: break
        case .object(let action):
            guard case .string(let type)? = action["type"] else { throw V4Error(.invalidParameter, "参数 action.type 必须是字符串") }
            actionType = type
            switch action["target"] {
            case nil, .null: break
            case .string(let target): actionTarget = target
            default: throw V4Error(.invalidParameter, "参数 action.target 必须是字符串")
            }
        default: throw V4Error(.invalidParameter, "参数 action 必须是对象")
        }
        self.init(
            title: try input.string("title"), content: try input.string("content"), isImportant: important,
            publishedAt: try input.string("published_at"), messageType: try input.string("message_type") ?? "info",
            actionType: actionType, actionTarget: actionTarget, userId: try input.int("user_id").map(Int64.init))
    }

    public func write(to input: inout V4Input) {
        input.setBody("title", title)
        input.setBody("content", content)
        input.body["is_important"] = .bool(isImportant)
        input.setBody("published_at", publishedAt)
        input.setBody("message_type", messageType)
        var action = JSONObject()
        action["type"] = .string(actionType)
        if let actionTarget { action["target"] = .string(actionTarget) }
        input.body["action"] = .object(action)
        if let userId { input.body["user_id"] = .int(userId) }
    }

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
public struct V4AnnouncementResult: Codable, Sendable, Equatable {
    public var announcement: Announcement
    public var pushed: Bool

    public struct Announcement: Codable, Sendable, Equatable {
        public var announcementId: Int64
        public var title: String
        public var status: String
        public var publishedAt: String
        public var createdAt: String

        enum CodingKeys: String, CodingKey {
            case announcementId = "announcement_id", title, status, publishedAt = "published_at", createdAt = "created_at"
        }

        public init(announcementId: Int64, title: String, status: String, publishedAt: String, createdAt: String) {
            self.announcementId = announcementId
            self.title = title
            self.status = status
            self.publishedAt = publishedAt
            self.createdAt = createdAt
        }
    }

    public init(announcement: Announcement, pushed: Bool) {
        self.announcement = announcement
        self.pushed = pushed
    }
}
