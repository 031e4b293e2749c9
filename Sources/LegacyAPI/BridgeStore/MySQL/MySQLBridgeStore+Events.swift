#if MySQL
import BridgeKit
import MariaDB
import ServerKit

/// The raised events every instance reads (`bridge_events`).
extension MySQLBridgeStore: EventLog {
    public func append(_ body: [UInt8], instance: String, at: Date) throws {
        try pool.withConnection { connection in
            try connection.execute("""
                INSERT INTO bridge_events (instance, body, created_ms)
                VALUES (\(connection.quoted(instance)), \(connection.quoted(String(decoding: body, as: UTF8.self))), \(Self.milliseconds(at)))
                """)
        }
    }

    public func entries(after: Int64, missing: [Int64], limit: Int) throws -> [EventLogEntry] {
        try pool.withConnection { connection in
            var condition = "event_id > \(after)"
            if !missing.isEmpty { condition += " OR event_id IN (\(missing.map(String.init).joined(separator: ",")))" }
            return try connection.rows("SELECT event_id, instance, body FROM bridge_events WHERE \(condition) ORDER BY event_id LIMIT \(limit)")
                .compactMap { row in
                    guard let id = row["event_id"]?.integer, let instance = row["instance"]?.text, let body = row["body"]?.text else { return nil }
                    return EventLogEntry(id: id, instance: instance, body: Array(body.utf8))
                }
        }
    }

    public func latestId() throws -> Int64 {
        try pool.withConnection { try $0.integer("SELECT COALESCE(MAX(event_id), 0) FROM bridge_events") ?? 0 }
    }

    public func trim(before: Date) throws {
        try pool.withConnection { try $0.execute("DELETE FROM bridge_events WHERE created_ms < \(Self.milliseconds(before)) LIMIT 10000") }
    }
}
#endif
