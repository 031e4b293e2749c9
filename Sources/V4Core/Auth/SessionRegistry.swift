import NIOConcurrencyHelpers
import V4Contract

/// The in-memory view of login sessions that authentication reads instead of the database.
///
/// A session is loaded from the database the first time one of its tokens is presented and
/// kept: its user, whether it is revoked, whether the user is active, the user's roles. The
/// core's own operations keep it true: logout revokes here as soon as it has committed (a
/// revocation is never overwritten by a load that raced with it), and an operation that
/// changes a user's roles or status calls `invalidate(userId:)`. Rows changed behind the
/// core's back (SQL by hand) are seen after a restart; one process owns a data directory
/// (`DataDirectoryLock`), so no other server can change them unseen.
public final class SessionRegistry: Sendable {
    struct Entry: Sendable {
        var userId: Int64
        var revoked: Bool
        var userActive: Bool
        var roles: [RoleSummary]
    }

    private let entries = NIOLockedValueBox([String: Entry]())
    /// Past this many sessions the view starts again from the database (all entries dropped).
    let capacity: Int

    public init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The identity of a known session, or nil when it must be loaded.
    func identity(sessionId: String, userId: Int64) throws(V4Error) -> Identity? {
        guard let entry = entries.withLockedValue({ $0[sessionId] }) else { return nil }
        return try Self.identity(entry, sessionId: sessionId, userId: userId)
    }

    /// Records a session read from the database, unless it was revoked meanwhile.
    func store(sessionId: String, _ entry: Entry) {
        entries.withLockedValue { entries in
            if entries[sessionId]?.revoked == true { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[sessionId] = entry
        }
    }

    /// Marks a session revoked (after the database says so), whether it was loaded or not.
    func revoke(sessionId: String, userId: Int64) {
        entries.withLockedValue { entries in
            if var entry = entries[sessionId] {
                entry.revoked = true
                entries[sessionId] = entry
            } else {
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[sessionId] = Entry(userId: userId, revoked: true, userActive: false, roles: [])
            }
        }
    }

    /// Forgets every session of `userId`, so the next request reloads roles and status.
    public func invalidate(userId: Int64) {
        entries.withLockedValue { entries in
            entries = entries.filter { $0.value.userId != userId || $0.value.revoked }
        }
    }

    /// Sessions currently held (for tests and metrics).
    public var count: Int { entries.withLockedValue { $0.count } }

    static func identity(_ entry: Entry, sessionId: String, userId: Int64) throws(V4Error) -> Identity {
        guard !entry.revoked, entry.userId == userId else { throw V4Error(.tokenInvalid, "Token已失效，请重新登录") }
        guard entry.userActive else { throw V4Error(.userInactive) }
        return Identity(userId: userId, sessionId: sessionId, roles: entry.roles)
    }
}
