import BridgeKit
import Logging
import Synchronization
import V4Contract

/// The event bus of several instances: an event raised here reaches this instance's sockets at
/// once and is appended to the shared log; every instance reads the log every `interval` and
/// delivers the others' events to its own sockets (Docs/operations.md, "Several instances").
public final class SharedEventBus: EventBus {
    public let instance: String
    public let interval: Duration
    /// How long an id seen skipped is asked for again before it counts as rolled back.
    public let gapPatience: Duration
    /// How long entries stay in the log.
    public let retention: Duration
    private let log: any EventLog
    private let local = LocalEventBus()
    private let logger: Logger
    private let outbox: AsyncStream<V4Event>.Continuation
    private let outgoing: AsyncStream<V4Event>
    private let counters = Mutex(Counters())

    public struct Counters: Sendable, Equatable {
        public var appended = 0
        public var received = 0
        public var failures = 0
    }

    public init(
        log: any EventLog, instance: String = UUID().uuidString, interval: Duration = .milliseconds(100),
        gapPatience: Duration = .seconds(5), retention: Duration = .seconds(600), logger: Logger
    ) {
        self.log = log
        self.instance = instance
        self.interval = interval
        self.gapPatience = gapPatience
        self.retention = retention
        self.logger = logger
        (outgoing, outbox) = AsyncStream.makeStream(of: V4Event.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    public var counts: Counters { counters.withLock { $0 } }

    public func publish(_ event: V4Event) {
        local.publish(event)
        outbox.yield(event)
    }

    public func subscribe(_ deliver: @escaping @Sendable (V4Event) -> Void) -> EventSubscription {
        local.subscribe(deliver)
    }

    /// Writes this instance's events to the log and reads the others', until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.write() }
            group.addTask { await self.read() }
            await group.next()
            group.cancelAll()
        }
    }

    private func write() async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for await event in outgoing {
            guard !Task.isCancelled else { return }
            do {
                try log.append(Array(try encoder.encode(event)), instance: instance, at: Date())
                counters.withLock { $0.appended += 1 }
            } catch {
                counters.withLock { $0.failures += 1 }
                logger.warning("shared event log: appending failed (other instances miss this event): \(error)")
            }
        }
    }

    private func read() async {
        let decoder = JSONDecoder()
        var cursor = GapCursor(start: (try? log.latestId()) ?? 0)
        var lastTrim = ContinuousClock.now
        var failing = false
        while !Task.isCancelled {
            do {
                let now = ContinuousClock.now
                cursor.forget(olderThan: now.advanced(by: .zero - gapPatience))
                let entries = try log.entries(after: cursor.highest, missing: cursor.missing, limit: 1000)
                for entry in entries where cursor.take(entry.id, at: now) && entry.instance != instance {
                    guard let event = try? decoder.decode(V4Event.self, from: Data(entry.body)) else { continue }
                    counters.withLock { $0.received += 1 }
                    local.publish(event)
                }
                if lastTrim.duration(to: now) > .seconds(60) {
                    lastTrim = now
                    try log.trim(before: Date().addingTimeInterval(-Double(retention.components.seconds)))
                }
                if failing { logger.notice("shared event log: reading again") }
                failing = false
            } catch {
                if !failing { logger.warning("shared event log: reading failed (pushes from other instances wait): \(error)") }
                failing = true
                counters.withLock { $0.failures += 1 }
            }
            try? await Task.sleep(for: interval)
        }
    }
}

/// Which log ids a reader has delivered: the highest, and the ids below it not seen yet (a
/// transaction that took its id earlier but committed later), asked for again for a while.
public struct GapCursor: Sendable {
    public private(set) var highest: Int64
    private var gaps: [Int64: ContinuousClock.Instant] = [:]

    public init(start: Int64) { highest = start }

    public var missing: [Int64] { gaps.keys.sorted() }

    /// Records `id` as delivered; false when it already was (or is at or below the start and
    /// was never a gap).
    public mutating func take(_ id: Int64, at now: ContinuousClock.Instant) -> Bool {
        if id > highest {
            // Bounded: a jump of more than 10 000 ids leaves the oldest unasked.
            for skipped in max(highest + 1, id - 10_000)..<id { gaps[skipped] = now }
            highest = id
            return true
        }
        return gaps.removeValue(forKey: id) != nil
    }

    /// Stops asking for gaps older than `cutoff` (their transactions rolled back).
    public mutating func forget(olderThan cutoff: ContinuousClock.Instant) {
        gaps = gaps.filter { $0.value >= cutoff }
    }
}
