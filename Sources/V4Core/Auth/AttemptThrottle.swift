import BridgeKit
import NIOConcurrencyHelpers
import V4Contract

/// Failed login attempts per account (an admin username, a mobile): after `limit` failures
/// within `window`, the account is refused for `lockout` with `RATE_LIMIT_EXCEEDED`
/// (`retry_after` seconds), whatever the password or code; then it recovers on its own, never
/// locked for good. A success clears the count. In memory: one server per data directory.
public final class AttemptThrottle: Sendable {
    @PublicInit
    public struct Policy: Sendable, Equatable {
        public var limit: Int
        public var window: TimeInterval
        public var lockout: TimeInterval

        /// 5 failures in 15 minutes lock the account for 15 minutes: a person mistyping gets
        /// five tries, a guesser about 20 guesses an hour.
        public static let login = Policy(limit: 5, window: 900, lockout: 900)
    }

    struct Entry {
        var failures: [Date] = []
        var lockedUntil: Date?
    }

    let policy: Policy
    let clock: @Sendable () -> Date
    private let entries = NIOLockedValueBox([String: Entry]())
    /// Most accounts tracked at once; beyond it the oldest entries go (a flood of made-up
    /// names cannot grow memory without bound).
    static let capacity = 100_000

    public init(policy: Policy, clock: @escaping @Sendable () -> Date) {
        self.policy = policy
        self.clock = clock
    }

    /// Throws `RATE_LIMIT_EXCEEDED` while `key` is locked.
    public func check(_ key: String) throws(V4Error) {
        let now = clock()
        let until = entries.withLockedValue { entries -> Date? in
            guard let until = entries[key]?.lockedUntil else { return nil }
            if until <= now {
                entries[key] = nil
                return nil
            }
            return until
        }
        guard let until else { return }
        let seconds = Int(until.timeIntervalSince(now).rounded(.up))
        throw V4Error(.rateLimitExceeded, "登录失败次数过多，请\(seconds)秒后重试", data: ["retry_after": .int(Int64(seconds))])
    }

    /// Records a failure; the one that reaches the limit starts the lockout.
    public func failed(_ key: String) {
        let now = clock()
        let policy = self.policy
        entries.withLockedValue { entries in
            if entries[key] == nil, entries.count >= Self.capacity {
                let oldest = entries.min { ($0.value.failures.last ?? .distantPast) < ($1.value.failures.last ?? .distantPast) }?.key
                if let oldest { entries[oldest] = nil }
            }
            var entry = entries[key] ?? Entry()
            entry.failures = entry.failures.filter { now.timeIntervalSince($0) < policy.window } + [now]
            if entry.failures.count >= policy.limit {
                entry.lockedUntil = now.addingTimeInterval(policy.lockout)
                entry.failures = []
            }
            entries[key] = entry
        }
    }

    public func succeeded(_ key: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }
}
