import Crypto
import HTTPTypes
import NIOCore
import Synchronization

/// The first answer to a write, given again to its repeats instead of a second charge
/// (Stripe's idempotency keys). A v2.1 build repeats a draw, an exchange or an upload after a
/// network error (its wrapper retries three times, 1 s apart, after a 10 s time-out).
/// - A write whose outcome is unknown (`1002`, check your records): any repeat by the same caller
///   with the same input within `window` gets that answer again, so an unresolved write is never
///   sent twice (`unresolved(key)` / `keepUnresolved`).
/// - A write named by an `Idempotency-Key`: a repeat while it runs waits for its answer, and a
///   repeat within `window` gets it again, success or unknown (`answer(key:run:)`).
/// - Without a key, the same input after a definite answer is a new write: a user drawing twice
///   draws twice (fifty draws in a row reach the daily limit), and concurrent writes race as
///   they would against the legacy backend.
/// A refusal that changed nothing is never kept. Bounded: at most `capacity` answers, the oldest
/// dropped first. In-process: each instance keeps its own (shared by instances in "What V4
/// lacks, the bridge supplies").
public final class ReplayStore: Sendable {
    public typealias Answer = LegacyAnswer

    public let window: Duration
    public let capacity: Int
    private let state = Mutex(State())

    struct State {
        var entries: [String: Entry] = [:]
        var order: [(key: String, at: ContinuousClock.Instant)] = []
    }

    enum Entry {
        case running(Task<(Answer, Bool), Never>, ContinuousClock.Instant)
        case done(Answer, ContinuousClock.Instant)

        var at: ContinuousClock.Instant {
            switch self {
            case .running(_, let at), .done(_, let at): at
            }
        }
    }

    public init(window: Duration = .seconds(60), capacity: Int = 10_000) {
        self.window = window
        self.capacity = max(capacity, 1)
    }

    /// What a finished write leaves for its repeats.
    public enum Outcome: Sendable, Equatable {
        /// Succeeded: kept only for a repeat that names it by `Idempotency-Key`.
        case succeeded
        /// Sent, outcome unknown: kept, so a repeat never sends it again.
        case unknown
        /// Refused with nothing changed: not kept; a repeat tries again.
        case refused
    }

    /// The key of a write: who (a hash of the token), which route, and either the client's
    /// `Idempotency-Key` or a hash of the canonical input.
    public static func key(token: String?, route: String, idempotencyKey: String?, input: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(data: Array((token ?? "").utf8))
        hash.update(data: [0])
        hash.update(data: Array(route.utf8))
        hash.update(data: [0])
        if let idempotencyKey {
            hash.update(data: Array("key:".utf8) + Array(idempotencyKey.utf8))
        } else {
            hash.update(data: input)
        }
        return hash.finalize().map { String($0, radix: 16) }.joined()
    }

    /// The answer for `key`: the running one's or the kept one (within `window`) when a repeat,
    /// else `run`'s, which is kept when it says so. `replayed` tells which. A zero window keeps
    /// nothing, but a repeat still joins a write that is running.
    public func answer(key: String, now: ContinuousClock.Instant = .now, run: @escaping @Sendable () async -> (Answer, keep: Bool)) async
        -> (answer: Answer, replayed: Bool)
    {
        enum Found { case running(Task<(Answer, Bool), Never>), done(Answer), none(Task<(Answer, Bool), Never>) }
        let found: Found = state.withLock { state in
            if let entry = state.entries[key] {
                switch entry {
                case .running(let task, _): return .running(task)
                case .done(let answer, let at) where at.duration(to: now) < window: return .done(answer)
                case .done: break
                }
            }
            // Detached from the request's task: a client that hangs up does not cancel a write half way.
            let task = Task<(Answer, Bool), Never> { await run() }
            state.entries[key] = .running(task, now)
            state.order.append((key, now))
            Self.trim(&state, capacity: capacity, window: window, now: now)
            return .none(task)
        }
        switch found {
        case .done(let answer):
            return (answer, true)
        case .running(let task):
            return (await task.value.0, true)
        case .none(let task):
            let (answer, keep) = await task.value
            state.withLock { state in
                if case .running(_, let at)? = state.entries[key] {
                    if keep { state.entries[key] = .done(answer, at) } else { state.entries[key] = nil }
                }
            }
            return (answer, false)
        }
    }

    /// The kept answer of an unresolved write under `key`, within the window.
    public func unresolved(_ key: String, now: ContinuousClock.Instant = .now) -> Answer? {
        state.withLock { state in
            if case .done(let answer, let at)? = state.entries[key], at.duration(to: now) < window { return answer }
            return nil
        }
    }

    /// Keeps the answer of a write whose outcome is unknown, for its repeats.
    public func keepUnresolved(_ key: String, _ answer: Answer, now: ContinuousClock.Instant = .now) {
        guard window > .zero else { return }
        state.withLock { state in
            state.entries[key] = .done(answer, now)
            state.order.append((key, now))
            Self.trim(&state, capacity: capacity, window: window, now: now)
        }
    }

    /// Drops expired answers, then the oldest while over capacity.
    private static func trim(_ state: inout State, capacity: Int, window: Duration, now: ContinuousClock.Instant) {
        guard state.order.count > capacity else { return }
        var kept: [(key: String, at: ContinuousClock.Instant)] = []
        kept.reserveCapacity(state.order.count)
        for item in state.order {
            guard let entry = state.entries[item.key], entry.at == item.at else { continue }
            if entry.at.duration(to: now) >= window {
                state.entries[item.key] = nil
            } else {
                kept.append(item)
            }
        }
        while kept.count > capacity, let oldest = kept.first {
            state.entries[oldest.key] = nil
            kept.removeFirst()
        }
        state.order = kept
    }

    /// Answers kept or running now.
    public var count: Int { state.withLock { $0.entries.count } }
}
