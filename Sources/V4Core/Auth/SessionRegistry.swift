import ServerKit
import NIOConcurrencyHelpers
import V4Contract

/// The in-memory view of login sessions that authentication reads instead of the database:
/// which user a session belongs to and whether it is revoked. A session is loaded the first
/// time one of its tokens is presented; logout revokes it here as soon as the database has
/// committed, and a revocation is never overwritten by a load that raced with it. What the
/// user may do (status, roles) comes from `UserCache`, which the database's own commits keep
/// true. One process owns a data directory (`DataDirectoryLock`), so no other server can
/// revoke a session unseen.
public final class SessionRegistry: Sendable {
    struct Entry: Sendable, Equatable {
        var userId: Int64
        var revoked: Bool
    }

    private let entries = NIOLockedValueBox([String: Entry]())
    /// Past this many sessions the view starts again from the database (all entries dropped).
    let capacity: Int

    public init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    func entry(_ sessionId: String) -> Entry? { entries.withLockedValue { $0[sessionId] } }

    /// Records a session read from the database, unless it was revoked meanwhile.
    func store(_ sessionId: String, _ entry: Entry) {
        entries.withLockedValue { entries in
            if entries[sessionId]?.revoked == true { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[sessionId] = entry
        }
    }

    /// Marks a session revoked (after the database says so), whether it was loaded or not.
    func revoke(_ sessionId: String, userId: Int64) {
        entries.withLockedValue { entries in
            if entries[sessionId] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[sessionId] = Entry(userId: userId, revoked: true)
        }
    }

    /// Sessions currently held.
    public var count: Int { entries.withLockedValue { $0.count } }
}
