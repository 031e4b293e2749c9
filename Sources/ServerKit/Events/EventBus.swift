import NIOConcurrencyHelpers
import V4Contract

/// Where raised events go, and where the live-push hub picks them up. The seam for running
/// several bridge instances: `SharedEventBus` (over the shared store's event log) delivers an
/// event raised on one instance to the sockets of every instance. `publish` never waits on a
/// subscriber.
public protocol EventBus: Sendable {
    func publish(_ event: V4Event)
    /// Calls `deliver` for every event published from now on, until the subscription is cancelled.
    /// `deliver` must not block: it runs on the publisher's task.
    func subscribe(_ deliver: @escaping @Sendable (V4Event) -> Void) -> EventSubscription
}

/// A live subscription; `cancel()` ends it (idempotent).
public struct EventSubscription: Sendable {
    let cancelAction: @Sendable () -> Void
    public init(cancel: @escaping @Sendable () -> Void) { cancelAction = cancel }
    public func cancel() { cancelAction() }
}

/// The in-process bus: subscribers called in turn, synchronously, on the publisher's task.
public final class LocalEventBus: EventBus {
    private struct State {
        var next = 0
        var subscribers: [Int: @Sendable (V4Event) -> Void] = [:]
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public func publish(_ event: V4Event) {
        let subscribers = state.withLockedValue { Array($0.subscribers.values) }
        for deliver in subscribers { deliver(event) }
    }

    public func subscribe(_ deliver: @escaping @Sendable (V4Event) -> Void) -> EventSubscription {
        let id = state.withLockedValue { state -> Int in
            state.next += 1
            state.subscribers[state.next] = deliver
            return state.next
        }
        return EventSubscription { [state] in _ = state.withLockedValue { $0.subscribers.removeValue(forKey: id) } }
    }

    public var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }
}
