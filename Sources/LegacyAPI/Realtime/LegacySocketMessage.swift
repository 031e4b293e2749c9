import BridgeKit
import V4Contract

/// The legacy socket messages, server → client. Every message is `{type, data, timestamp}` with
/// an ISO UTC `timestamp` at the top (D1-B) and, for events, inside `data` too (D0 and D1-B);
/// which event fields are sent is the `ws_*` shapes in Mappings (Docs/compatibility.md §W).
enum LegacySocketMessage {
    /// The `data` fields each event can carry (the union of D0's and D1-B's names), each key
    /// once with how it is read from the event.
    enum View {
        static let points = LegacyViewFields<V4PointsChange>([
            "user_id": { .int($0.userId) },
            "points_change": { .int(Int64($0.change)) },
            "new_balance": { .int(Int64($0.balanceAfter)) },
            "total_points": { .int(Int64($0.balanceAfter)) },
            "change_points": { .int(Int64($0.change)) },
            "change_type": { $0.change < 0 ? "spend" : "earn" },
            "reason": { .string($0.reason) },
            "balance_before": { .int(Int64($0.balanceBefore)) },
            "balance_after": { .int(Int64($0.balanceAfter)) },
            "source": { .string($0.source) },
            "timestamp": { LegacyTime.now($0.at) },
        ])
        static let stock = LegacyViewFields<V4StockChange>([
            "product_id": { .int($0.productId) },
            "product_name": { .string($0.productName) },
            "new_stock": { $0.stock.map { .int(Int64($0)) } ?? .null },
            "stock": { $0.stock.map { .int(Int64($0)) } ?? .null },
            "stock_change": { .int(Int64($0.change)) },
            "operation": { .string($0.operation.rawValue) },
            "timestamp": { LegacyTime.now($0.at) },
        ])
        static let review = LegacyViewFields<V4ReviewDecision>([
            "review_id": { .int($0.resourceId) },
            "upload_id": { .string($0.uploadId) },
            "status": { .string($0.status) },
            "points_awarded": { .int(Int64($0.pointsAwarded)) },
            "review_reason": { JSONValue($0.reason) },
            "reason": { JSONValue($0.reason) },
            "review_time": { LegacyTime.now($0.at) },
            "reviewer_name": { JSONValue($0.reviewerName) },
            "timestamp": { LegacyTime.now($0.at) },
        ])
        static let system = LegacyViewFields<V4SystemMessage>([
            "announcement_id": { .int($0.announcementId) },
            "title": { .string($0.title) },
            "content": { .string($0.content) },
            "message_type": { .string($0.messageType) },
            "action": { ["type": .string($0.actionType), "target": JSONValue($0.actionTarget)] },
            "is_important": { .bool($0.isImportant) },
            "timestamp": { LegacyTime.now($0.at) },
        ])
    }

    /// An event as its legacy message text, shaped by `mappings`.
    static func event(_ event: V4Event, mappings: MappingSet) -> String {
        let (type, shape, view) = content(of: event)
        var data = JSONObject()
        for field in mappings.shape(shape) { data[field] = view[field] ?? .null }
        return envelope(type, data: .object(data), at: time(of: event))
    }

    static func content(of event: V4Event) -> (type: String, shape: String, view: JSONObject) {
        switch event {
        case .pointsChanged(let change): ("points_update", "ws_points_update", View.points.make(change).object)
        case .stockChanged(let change): ("stock_update", "ws_stock_update", View.stock.make(change).object)
        case .reviewDecided(let decision): ("review_result", "ws_review_result", View.review.make(decision).object)
        case .systemMessage(let message): ("system_message", "ws_system_message", View.system.make(message).object)
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
