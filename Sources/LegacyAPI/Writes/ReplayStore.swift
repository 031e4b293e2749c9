import BridgeKit
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
/// dropped first. With `shared` (the bridge store on MariaDB), a repeat reaching another
/// instance finds the first run's answer there, or waits for it while that instance runs it.
public final class ReplayStore: Sendable {
    public typealias Answer = LegacyAnswer

    public let window: Duration
    public let capacity: Int
    /// The answers every instance sees, and this instance's name in them.
    public let shared: (any SharedReplays)?
    public let instance: String
    /// How long a repeat waits for another instance's run before it is answered `busy`.
    public let sharedWait: Duration
    private let state = Mutex(State())

    struct State {
        var entries: [String: Entry] = [:]
        var order: [(key: String, at: ContinuousClock.Instant)] = []
    }

    enum Entry {
        case running(Task<Run, Never>, ContinuousClock.Instant)
        case done(Answer, ContinuousClock.Instant)

        var at: ContinuousClock.Instant {
            switch self {
            case .running(_, let at), .done(_, let at): at
            }
        }
    }

    /// A run's answer, whether to keep it, and whether it is another run's answer given again.
    typealias Run = (answer: Answer, keep: Bool, replayed: Bool)

    public init(
        window: Duration = .seconds(60), capacity: Int = 10_000, shared: (any SharedReplays)? = nil,
        instance: String = UUID().uuidString, sharedWait: Duration = .seconds(30)
    ) {
        self.window = window
        self.capacity = max(capacity, 1)
        self.shared = shared
        self.instance = instance
        self.sharedWait = sharedWait
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
    /// nothing, but a repeat still joins a write that is running. With `shared`, the same holds
    /// across instances; `busy` answers a repeat whose first run, elsewhere, outlasts `sharedWait`.
    public func answer(
        key: String, now: ContinuousClock.Instant = .now, busy: @escaping @Sendable () -> Answer,
        run: @escaping @Sendable () async -> (Answer, keep: Bool)
    ) async -> (answer: Answer, replayed: Bool) {
        enum Found { case running(Task<Run, Never>), done(Answer), none(Task<Run, Never>) }
        let found: Found = state.withLock { state in
            if let entry = state.entries[key] {
                switch entry {
                case .running(let task, _): return .running(task)
                case .done(let answer, let at) where at.duration(to: now) < window: return .done(answer)
                case .done: break
                }
            }
            // Detached from the request's task: a client that hangs up does not cancel a write half way.
            let task = Task<Run, Never> { [self] in await runShared(key: key, busy: busy, run: run) }
            state.entries[key] = .running(task, now)
            state.order.append((key, now))
            Self.trim(&state, capacity: capacity, window: window, now: now)
            return .none(task)
        }
        switch found {
        case .done(let answer):
            return (answer, true)
        case .running(let task):
            return (await task.value.answer, true)
        case .none(let task):
            let outcome = await task.value
            state.withLock { state in
                if case .running(_, let at)? = state.entries[key] {
                    if outcome.keep { state.entries[key] = .done(outcome.answer, at) } else { state.entries[key] = nil }
                }
            }
            return (outcome.answer, outcome.replayed)
        }
    }

    /// `run` under the shared record of `key`: claimed here and run, or another instance's
    /// answer (waited for while it runs). A store that fails is passed by: the write runs as it
    /// would on one instance.
    private func runShared(key: String, busy: @Sendable () -> Answer, run: @Sendable () async -> (Answer, keep: Bool)) async -> Run {
        guard let shared else {
            let (answer, keep) = await run()
            return (answer, keep, false)
        }
        let deadline = ContinuousClock.now.advanced(by: sharedWait)
        while true {
            let claim: SharedReplayClaim
            do {
                claim = try shared.claim(key, instance: instance, lease: window, now: Date())
            } catch {
                claim = .claimed
            }
            switch claim {
            case .done(let answer):
                return (answer, true, true)
            case .running where ContinuousClock.now < deadline:
                try? await Task.sleep(for: .milliseconds(50))
                continue
            case .running:
                return (busy(), false, false)
            case .claimed:
                let (answer, keep) = await run()
                try? shared.finish(key, answer: keep && window > .zero ? answer : nil, window: window, now: Date())
                return (answer, keep, false)
            }
        }
    }

    /// The kept answer of an unresolved write under `key`, within the window.
    public func unresolved(_ key: String, now: ContinuousClock.Instant = .now) -> Answer? {
        let local: Answer? = state.withLock { state in
            if case .done(let answer, let at)? = state.entries[key], at.duration(to: now) < window { return answer }
            return nil
        }
        if let local { return local }
        return try? shared?.kept(key, now: Date())
    }

    /// Keeps the answer of a write whose outcome is unknown, for its repeats.
    public func keepUnresolved(_ key: String, _ answer: Answer, now: ContinuousClock.Instant = .now) {
        guard window > .zero else { return }
        try? shared?.finish(key, answer: answer, window: window, now: Date())
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
