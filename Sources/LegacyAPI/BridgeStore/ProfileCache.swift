import NIOConcurrencyHelpers

/// The SQLite store's profiles held in memory, for the one process that owns the store's file
/// (`DataDirectoryLock`): every change goes through that process, so the copy cannot go stale.
/// Reading a profile is on every translated `auth/profile` call; from SQLite it was a read
/// transaction (two `fcntl` locks and a queue hop) per request.
///
/// A read that missed remembers what it read only if no change finished while it read, so an
/// older row never overwrites a newer change. Bounded: when full it starts again empty.
final class ProfileCache: Sendable {
    private struct State {
        var profiles: [Int64: BridgeProfile?] = [:]
        var changes: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The remembered profile (`.some(nil)`: the user has none), or nil when not remembered,
    /// with the change count to hand back to `remember`.
    func lookup(_ userId: Int64) -> (known: BridgeProfile??, changes: UInt64) {
        state.withLockedValue { ($0.profiles[userId], $0.changes) }
    }

    /// What a read found, unless a change finished since `lookup` said `changes`.
    func remember(_ profile: BridgeProfile?, of userId: Int64, readAfter changes: UInt64) {
        state.withLockedValue { state in
            guard state.changes == changes else { return }
            if state.profiles.count >= capacity { state.profiles.removeAll(keepingCapacity: true) }
            state.profiles[userId] = .some(profile)
        }
    }

    /// A change committed: the user's copy is dropped, and reads that were running when it
    /// committed keep nothing.
    func forget(_ userId: Int64) {
        state.withLockedValue { state in
            state.changes &+= 1
            state.profiles[userId] = nil
        }
    }
}
