import BridgeKit
import NIOConcurrencyHelpers
import V4Contract

/// Failed login attempts per account (an admin username, a mobile) **and client address**, so
/// that guessing is slowed without handing a stranger the power to lock the owner out
/// (OWASP ASVS 4.0.3 V2.2.1: anti-automation that resists "account lockout attacks"; the OWASP
/// Authentication Cheat Sheet on lockout as a denial of service):
/// - after `limit` failures within `window` from one address, that address is refused for that
///   account for `lockout` (`RATE_LIMIT_EXCEEDED` with `retry_after`), whatever it sends; the
///   owner on another address is not;
/// - across addresses, once the account has seen `accountLimit` failures within `window` (a
///   distributed guess), every address that has failed on it is refused until its failures
///   leave the window; an address that has not failed on it (the owner's) still gets through;
/// - a success clears its address's count; everything recovers on its own, nothing is locked for good.
/// In memory, bounded: one server per data directory.
public final class AttemptThrottle: Sendable {
    @PublicInit
    public struct Policy: Sendable, Equatable {
        public var limit: Int
        public var window: TimeInterval
        public var lockout: TimeInterval
        public var accountLimit: Int = 50

        /// 5 failures in 15 minutes lock that address out of the account for 15 minutes: a person
        /// mistyping gets five tries, a guesser about 20 guesses an hour per address; 50 failures
        /// from anywhere in 15 minutes shut out every address that has failed.
        public static let login = Policy(limit: 5, window: 900, lockout: 900, accountLimit: 50)
    }

    struct Entry {
        /// Recent failures by address.
        var failures: [String: [Date]] = [:]
        var lockedUntil: [String: Date] = [:]
        /// The account's recent failures from every address (at most `accountLimit` kept).
        var recent: [Date] = []
        var touched: Date
    }

    let policy: Policy
    let clock: @Sendable () -> Date
    private let entries = NIOLockedValueBox([String: Entry]())
    /// Most accounts tracked at once, and addresses per account; beyond them the least recently
    /// touched go (a flood of made-up names or addresses cannot grow memory without bound).
    static let capacity = 100_000
    static let addressesPerAccount = 1024

    public init(policy: Policy, clock: @escaping @Sendable () -> Date) {
        self.policy = policy
        self.clock = clock
    }

    /// Throws `RATE_LIMIT_EXCEEDED` while `address` may not try `key`.
    public func check(_ key: String, from address: String? = nil) throws(V4Error) {
        let now = clock()
        let address = address ?? "-"
        let policy = self.policy
        let until = entries.withLockedValue { entries -> Date? in
            guard var entry = entries[key] else { return nil }
            defer { entries[key] = entry }
            if let until = entry.lockedUntil[address] {
                if until > now { return until }
                entry.lockedUntil[address] = nil
            }
            entry.recent.removeAll { now.timeIntervalSince($0) >= policy.window }
            let mine = entry.failures[address, default: []].filter { now.timeIntervalSince($0) < policy.window }
            guard entry.recent.count >= policy.accountLimit, let newest = mine.last else { return nil }
            return newest.addingTimeInterval(policy.window)
        }
        guard let until else { return }
        let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        throw V4Error(.rateLimitExceeded, "登录失败次数过多，请\(seconds)秒后重试", data: ["retry_after": .int(Int64(seconds))])
    }

    /// Records a failure; the one that reaches the limit starts that address's lockout.
    public func failed(_ key: String, from address: String? = nil) {
        let now = clock()
        let address = address ?? "-"
        let policy = self.policy
        entries.withLockedValue { entries in
            if entries[key] == nil, entries.count >= Self.capacity {
                let oldest = entries.min { $0.value.touched < $1.value.touched }?.key
                if let oldest { entries[oldest] = nil }
            }
            var entry = entries[key] ?? Entry(touched: now)
            entry.touched = now
            if entry.failures[address] == nil, entry.failures.count >= Self.addressesPerAccount {
                let stalest = entry.failures.min { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }?.key
                if let stalest { entry.failures[stalest] = nil }
            }
            var mine = entry.failures[address, default: []].filter { now.timeIntervalSince($0) < policy.window }
            mine.append(now)
            if mine.count >= policy.limit {
                entry.lockedUntil[address] = now.addingTimeInterval(policy.lockout)
            }
            entry.failures[address] = mine.suffix(policy.limit)
            entry.recent = (entry.recent.filter { now.timeIntervalSince($0) < policy.window } + [now]).suffix(policy.accountLimit)
            entries[key] = entry
        }
    }

    /// A success clears what `address` had against `key`.
    public func succeeded(_ key: String, from address: String? = nil) {
        let address = address ?? "-"
        entries.withLockedValue { entries in
            entries[key]?.failures[address] = nil
            entries[key]?.lockedUntil[address] = nil
        }
    }
}
