import BridgeKit

/// An append-only log of raised events that every instance reads: the shared bridge store
/// (`bridge_events` on MariaDB). Ids grow but may commit out of order (two instances inserting
/// at once), so a reader also asks again for the ids it saw skipped.
public protocol EventLog: Sendable {
    func append(_ body: [UInt8], instance: String, at: Date) throws
    /// Entries with an id above `after`, or in `missing`, in id order, at most `limit`.
    func entries(after: Int64, missing: [Int64], limit: Int) throws -> [EventLogEntry]
    /// The highest id now (where a new reader starts).
    func latestId() throws -> Int64
    /// Drops entries older than `before`.
    func trim(before: Date) throws
}

public struct EventLogEntry: Sendable, Equatable {
    public var id: Int64
    public var instance: String
    public var body: [UInt8]

    public init(id: Int64, instance: String, body: [UInt8]) {
        self.id = id
        self.instance = instance
        self.body = body
    }
}
