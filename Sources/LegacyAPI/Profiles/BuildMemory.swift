import Crypto
import Synchronization

/// Which profile a caller's build was recognised as, by its tokens. Most requests look the same
/// from every build (`GET /api/lottery/config`); a few show the build (D0's login spelling,
/// D1-A's `sort_by`). What such a request shows is kept for the token it carried and for the
/// tokens its answer gave (a login's, a refresh's), so the build's later requests get its
/// profile too. Tokens are kept as SHA-256 prefixes, never as text; the memory is bounded and
/// forgets after `lifetime`. It is per process: behind several instances, a build is known on an
/// instance once it has shown itself there (Docs/compatibility.md §Profiles).
public final class BuildMemory: Sendable {
    struct Key: Hashable, Sendable {
        let high: UInt64, low: UInt64
    }

    struct Entry: Sendable {
        var profile: String
        var until: ContinuousClock.Instant
    }

    struct State: Sendable {
        var entries: [Key: Entry] = [:]
        /// Insertion order, for evicting the oldest when full (stale keys are skipped).
        var order: [Key] = []
        var head = 0
    }

    private let state = Mutex(State())
    let capacity: Int
    let lifetime: Duration

    public init(capacity: Int = 100_000, lifetime: Duration = .seconds(7 * 24 * 3600)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    static func key(_ token: String) -> Key {
        let digest = Array(SHA256.hash(data: Array(token.utf8)))
        var high: UInt64 = 0, low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(digest[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(digest[index]) }
        return Key(high: high, low: low)
    }

    /// What the memory holds for one request's token. The token's digest is worked out once,
    /// here, and `remember(_:for:)` reuses it.
    public struct Recall: Sendable {
        let token: String?
        let key: Key?
        /// The profile remembered for the token, if any and not expired.
        public let profile: String?
        let until: ContinuousClock.Instant?
    }

    /// What is remembered for `token`.
    public func recall(_ token: String?) -> Recall {
        // Nothing remembered yet (no build has shown itself): no digest to compute.
        guard let token, !token.isEmpty, state.withLock({ !$0.entries.isEmpty }) else {
            return Recall(token: token, key: nil, profile: nil, until: nil)
        }
        let key = Self.key(token)
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let entry = state.entries[key] else { return Recall(token: token, key: key, profile: nil, until: nil) }
            guard entry.until > now else {
                state.entries[key] = nil
                return Recall(token: token, key: key, profile: nil, until: nil)
            }
            return Recall(token: token, key: key, profile: entry.profile, until: entry.until)
        }
    }

    /// The profile remembered for `token`, if any and not expired.
    public func profile(for token: String?) -> String? { recall(token).profile }

    /// Remembers `profile` for the token of `recall`. A build shows itself on every request of
    /// some routes (`/api/user/status` only D1-B calls): the same profile remembered again
    /// within `lifetime / 100` (at most a minute) is not written again.
    public func remember(_ profile: String, for recall: Recall) {
        if recall.profile == profile, let until = recall.until, until - lifetime > ContinuousClock.now - refreshAfter { return }
        guard let token = recall.token, !token.isEmpty, token.utf8.count <= 4096 else { return }
        store(profile, keys: [recall.key ?? Self.key(token)])
    }

    /// Remembers `profile` for each of `tokens`.
    public func remember(_ profile: String, tokens: [String]) {
        store(profile, keys: tokens.filter { !$0.isEmpty && $0.utf8.count <= 4096 }.map(Self.key))
    }

    private var refreshAfter: Duration { min(.seconds(60), lifetime / 100) }

    private func store(_ profile: String, keys: [Key]) {
        guard !keys.isEmpty else { return }
        let until = ContinuousClock.now + lifetime
        state.withLock { state in
            for key in keys {
                if state.entries.updateValue(Entry(profile: profile, until: until), forKey: key) == nil { state.order.append(key) }
            }
            while state.entries.count > capacity, state.head < state.order.count {
                state.entries[state.order[state.head]] = nil
                state.head += 1
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
