import BridgeKit
import NIOConcurrencyHelpers

/// Counts requests per (kind, client address) in a sliding window (the current fixed window plus
/// the previous one weighted by how much of it still overlaps) and refuses what goes over the
/// kind's `AddressLimit`. In memory, bounded: at most `capacity` addresses are tracked, stale
/// ones first to go.
public final class AddressLimiter: Sendable {
    public let limits: [String: AddressLimit]
    let clock: @Sendable () -> Date
    let capacity: Int

    struct Counter {
        var windowStart: TimeInterval
        var current: Int
        var previous: Int
    }

    private let counters = NIOLockedValueBox([String: Counter]())

    public init(limits: [String: AddressLimit] = AddressLimit.defaults, capacity: Int = 100_000,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        self.capacity = capacity
        self.clock = clock
    }

    /// Counts one request of `kind` from `address`: nil when admitted, else the seconds until
    /// one would be (a refused request is not counted). Unknown kinds are not limited.
    public func admit(_ kind: String, address: String) -> Int? {
        guard let limit = limits[kind] else { return nil }
        let now = clock().timeIntervalSince1970
        let key = kind + " " + address
        let capacity = self.capacity
        return counters.withLockedValue { counters -> Int? in
            var counter = counters[key] ?? Counter(windowStart: now - now.truncatingRemainder(dividingBy: limit.window), current: 0, previous: 0)
            let elapsed = now - counter.windowStart
            if elapsed >= 2 * limit.window {
                counter = Counter(windowStart: now - now.truncatingRemainder(dividingBy: limit.window), current: 0, previous: 0)
            } else if elapsed >= limit.window {
                counter = Counter(windowStart: counter.windowStart + limit.window, current: 0, previous: counter.current)
            }
            let overlap = 1 - (now - counter.windowStart) / limit.window
            let estimate = Double(counter.previous) * overlap + Double(counter.current)
            guard estimate + 1 <= Double(limit.limit) else {
                counters[key] = counter
                // The current window's end: by then the estimate is at most this window's count.
                return max(1, Int((counter.windowStart + limit.window - now).rounded(.up)))
            }
            counter.current += 1
            if counters[key] == nil, counters.count >= capacity { Self.evict(&counters, now: now, limits: self.limits) }
            counters[key] = counter
            return nil
        }
    }

    /// Drops counters whose windows have passed; if none had, the oldest.
    private static func evict(_ counters: inout [String: Counter], now: TimeInterval, limits: [String: AddressLimit]) {
        let longest = limits.values.map(\.window).max() ?? 60
        let before = counters.count
        counters = counters.filter { now - $0.value.windowStart < 2 * longest }
        if counters.count == before, let oldest = counters.min(by: { $0.value.windowStart < $1.value.windowStart })?.key {
            counters[oldest] = nil
        }
    }

    /// Addresses tracked (for tests and metrics).
    public var trackedCount: Int { counters.withLockedValue { $0.count } }
}
