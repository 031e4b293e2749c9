import BridgeKit
import V4Contract

/// The legacy socket messages, server → client. Every message is `{type, data, timestamp}` with
/// an ISO UTC `timestamp` at the top (D1-B) and, for events, inside `data` too (D0 and D1-B);
/// which event fields are sent is the `ws_*` shapes in Mappings (Docs/compatibility.md §W).
enum LegacySocketMessage {
    /// The `data` fields each event can carry: the union of D0's and D1-B's names.
    enum View {
        static let points: Set<String> = [
            "user_id", "points_change", "new_balance", "total_points", "change_points", "change_type", "reason", "balance_before",
            "balance_after", "source", "timestamp",
        ]
        static let stock: Set<String> = ["product_id", "product_name", "new_stock", "stock", "stock_change", "operation", "timestamp"]
        static let review: Set<String> = [
            "review_id", "upload_id", "status", "points_awarded", "review_reason", "reason", "review_time", "reviewer_name", "timestamp",
        ]
        static let system: Set<String> = [
            "announcement_id", "title", "content", "message_type", "action", "is_important", "timestamp",
        ]
    }

    /// An event as its legacy message text, shaped by `mappings`.
    static func event(_ event: V4Event, mappings: MappingSet) -> String {
        let (type, shape, view) = content(of: event)
        var data = JSONObject()
        for field in mappings.shape(shape) { data[field] = view[field] ?? .null }
        return envelope(type, data: .object(data), at: time(of: event))
    }

    static func content(of event: V4Event) -> (type: String, shape: String, view: JSONObject) {
        var view = JSONObject()
        switch event {
        case .pointsChanged(let change):
            view["user_id"] = .int(change.userId)
            view["points_change"] = .int(Int64(change.change))
            view["new_balance"] = .int(Int64(change.balanceAfter))
            view["total_points"] = .int(Int64(change.balanceAfter))
            view["change_points"] = .int(Int64(change.change))
            view["change_type"] = change.change < 0 ? "spend" : "earn"
            view["reason"] = .string(change.reason)
            view["balance_before"] = .int(Int64(change.balanceBefore))
            view["balance_after"] = .int(Int64(change.balanceAfter))
            view["source"] = .string(change.source)
            view["timestamp"] = LegacyTime.now(change.at)
            return ("points_update", "ws_points_update", view)
        case .stockChanged(let change):
            view["product_id"] = .int(change.productId)
            view["product_name"] = .string(change.productName)
            let stock: JSONValue = change.stock.map { .int(Int64($0)) } ?? .null
            view["new_stock"] = stock
            view["stock"] = stock
            view["stock_change"] = .int(Int64(change.change))
            view["operation"] = .string(change.operation.rawValue)
            view["timestamp"] = LegacyTime.now(change.at)
            return ("stock_update", "ws_stock_update", view)
        case .reviewDecided(let decision):
            view["review_id"] = .int(decision.resourceId)
            view["upload_id"] = .string(decision.uploadId)
            view["status"] = .string(decision.status)
            view["points_awarded"] = .int(Int64(decision.pointsAwarded))
            view["review_reason"] = JSONValue(decision.reason)
            view["reason"] = JSONValue(decision.reason)
            view["review_time"] = LegacyTime.now(decision.at)
            view["reviewer_name"] = JSONValue(decision.reviewerName)
            view["timestamp"] = LegacyTime.now(decision.at)
            return ("review_result", "ws_review_result", view)
        case .systemMessage(let message):
            view["announcement_id"] = .int(message.announcementId)
            view["title"] = .string(message.title)
            view["content"] = .string(message.content)
            view["message_type"] = .string(message.messageType)
            var action = JSONObject()
            action["type"] = .string(message.actionType)
            action["target"] = JSONValue(message.actionTarget)
            view["action"] = .object(action)
            view["is_important"] = .bool(message.isImportant)
            view["timestamp"] = LegacyTime.now(message.at)
            return ("system_message", "ws_system_message", view)
        }
    }

    static func time(of event: V4Event) -> Date {
        switch event {
        case .pointsChanged(let change): change.at
        case .stockChanged(let change): change.at
        case .reviewDecided(let decision): decision.at
        case .systemMessage(let message): message.at
        }
    }

    /// D1-B `connected`.
    static func connected(userId: Int64, at now: Date) -> String {
        envelope("connected", data: ["message": "连接成功", "server_time": LegacyTime.now(now), "user_id": .int(userId)], at: now)
    }

    /// D1-B `pong`, echoing the client's `timestamp` (milliseconds) as sent.
    static func pong(clientTimestamp: JSONValue?, at now: Date) -> String {
        envelope("pong", data: ["timestamp": clientTimestamp ?? .null, "server_time": LegacyTime.now(now)], at: now)
    }

    /// D0 `heartbeat`: `{type, timestamp}` only.
    static func heartbeat(at now: Date) -> String {
        var object = JSONObject()
        object["type"] = "heartbeat"
        object["timestamp"] = LegacyTime.now(now)
        return JSONValue.object(object).serialized()
    }

    /// The answer to a subscription: the product ids the socket now hears about (null: all).
    static func subscribed(_ products: [Int64]?, at now: Date) -> String {
        envelope("subscribed", data: ["product_ids": products.map { .array($0.map { .int($0) }) } ?? .null], at: now)
    }

    /// A message the socket could not act on; the socket stays open.
    static func error(_ failure: LegacySocketFailure, at now: Date) -> String {
        envelope("error", data: ["code": .int(Int64(failure.code)), "message": .string(failure.message)], at: now)
    }

    static func envelope(_ type: String, data: JSONValue, at now: Date) -> String {
        var object = JSONObject()
        object["type"] = .string(type)
        object["data"] = data
        object["timestamp"] = LegacyTime.now(now)
        return JSONValue.object(object).serialized()
    }
}
