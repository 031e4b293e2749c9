import ServerKit
import GRDB
import NIOConcurrencyHelpers
import V4Contract

/// Users as authentication and profiles need them (the V4 user payload: status, roles, counts),
/// kept in memory and kept true by the database itself: a transaction observer on the writer
/// drops a user when a committed transaction changed their `users` row, and drops everyone when
/// `user_roles` or `roles` changed. A read that raced with such a commit is not stored
/// (generation check), so a stale row is never cached. Changes by another process are not
/// seen; `DataDirectoryLock` keeps other servers out, and `migrate` runs with the server stopped.
public final class UserCache: Sendable {
    struct State {
        var users: [Int64: V4User] = [:]
        /// Bumped by every invalidation; a load stores only if it is unchanged.
        var generation: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The cached payload of `userId`, or the one `load` reads (stored unless a commit raced).
    func user(_ userId: Int64, load: () async throws -> V4User?) async throws -> V4User? {
        let (cached, generation) = state.withLockedValue { ($0.users[userId], $0.generation) }
        if let cached { return cached }
        guard let loaded = try await load() else { return nil }
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.users.count >= capacity { state.users.removeAll(keepingCapacity: true) }
            state.users[userId] = loaded
        }
        return loaded
    }

    func invalidate(_ userIds: Set<Int64>, everyone: Bool) {
        state.withLockedValue { state in
            state.generation &+= 1
            if everyone {
                state.users.removeAll(keepingCapacity: true)
            } else {
                for id in userIds { state.users[id] = nil }
            }
        }
    }

    /// Users currently held.
    public var count: Int { state.withLockedValue { $0.users.count } }

    /// Watches the writer: which users a transaction changed, applied when it commits.
    final class Observer: TransactionObserver, @unchecked Sendable {
        // Only touched on the writer's queue, inside one transaction at a time.
        private var changed: Set<Int64> = []
        private var everyone = false
        let cache: UserCache

        init(cache: UserCache) { self.cache = cache }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
            ["users", "user_roles", "roles"].contains(eventKind.tableName)
        }

        func databaseDidChange(with event: DatabaseEvent) {
            if event.tableName == "users" { changed.insert(event.rowID) } else { everyone = true }
        }

        func databaseDidCommit(_ db: Database) {
            if everyone || !changed.isEmpty { cache.invalidate(changed, everyone: everyone) }
            changed = []
            everyone = false
        }

        func databaseDidRollback(_ db: Database) {
            changed = []
            everyone = false
        }
    }
}
