import Crypto
import HTTPTypes
import NIOCore
import Synchronization

/// The first answer to a write, replayed to its repeats. A v2.1 build repeats a draw, an
/// exchange or an upload after a network error (its wrapper retries three times, 1 s apart);
/// the repeat must get the first answer, not a second charge (Stripe's idempotency keys). A
/// repeat is the same caller (token), route and input, or the same `Idempotency-Key`, within
/// `window`. A repeat that arrives while the first is still running waits for its answer.
///
/// Kept: successes and answers whose outcome is unknown (`keep`); a refusal that changed
/// nothing (a V4 rejection, an upstream that was never reached) is not kept, so a repeat tries
/// again. Bounded: at most `capacity` answers, the oldest dropped first. In-process: each
/// instance keeps its own (shared by instances in "What V4 lacks, the bridge supplies").
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

    /// The answer for `key`: the kept one (or the running one's) when a repeat, else `run`'s,
    /// which is kept when it says so. `replayed` tells which.
    public func answer(key: String, now: ContinuousClock.Instant = .now, run: @escaping @Sendable () async -> (Answer, keep: Bool)) async
        -> (answer: Answer, replayed: Bool)
    {
        guard window > .zero else { return (await run().0, false) }
        enum Found { case running(Task<(Answer, Bool), Never>), done(Answer), none(Task<(Answer, Bool), Never>) }
        let found: Found = state.withLock { state in
            if let entry = state.entries[key], entry.at.duration(to: now) < window {
                switch entry {
                case .running(let task, _): return .running(task)
                case .done(let answer, _): return .done(answer)
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
