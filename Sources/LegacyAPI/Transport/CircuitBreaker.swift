import Synchronization
import V4Contract

/// One upstream's circuit breaker. Consecutive connection failures or time-outs open it; while
/// open, calls fail at once (`V4ClientError.circuitOpen`, the legacy system-busy answer) instead of
/// each waiting out a dead upstream; after `openFor` it half-opens and lets one call through as a
/// probe, which closes it again on success or re-opens it on another fault.
public final class CircuitBreaker: Sendable {
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }

    public let failureThreshold: Int
    public let openFor: Duration
    private let state = Mutex(Inner())

    struct Inner {
        var consecutiveFaults = 0
        var openedAt: ContinuousClock.Instant?
        var probeInFlight = false
        var opened = 0
    }

    public init(failureThreshold: Int = 5, openFor: Duration = .seconds(5)) {
        self.failureThreshold = max(failureThreshold, 1)
        self.openFor = openFor
    }

    /// Whether a call may be sent now. In the half-open state only one probe at a time is.
    public func admit(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { inner in
            guard let openedAt = inner.openedAt else { return true }
            guard openedAt.duration(to: now) >= openFor, !inner.probeInFlight else { return false }
            inner.probeInFlight = true
            return true
        }
    }

    /// The outcome of an admitted call: `fault` for a connection failure or a time-out; any
    /// answer, a V4 error included, shows the upstream alive.
    public func record(fault: Bool, now: ContinuousClock.Instant = .now) {
        state.withLock { inner in
            inner.probeInFlight = false
            if fault {
                inner.consecutiveFaults += 1
                if inner.openedAt != nil || inner.consecutiveFaults >= failureThreshold {
                    if inner.openedAt == nil { inner.opened += 1 }
                    inner.openedAt = now
                }
            } else {
                inner.consecutiveFaults = 0
                inner.openedAt = nil
            }
        }
    }

    public func currentState(now: ContinuousClock.Instant = .now) -> State {
        state.withLock { inner in
            guard let openedAt = inner.openedAt else { return .closed }
            return openedAt.duration(to: now) >= openFor ? .halfOpen : .open
        }
    }

    /// How many times it has opened since start.
    public var timesOpened: Int { state.withLock { $0.opened } }
}
