import V4Contract
import BridgeKit
import NIOConcurrencyHelpers

/// Where draws get their randomness. Production uses the system CSPRNG; tests inject a seed so
/// statistical and pity tests replay exactly.
public protocol DrawRandomness: Sendable {
    /// A uniformly distributed integer in `0..<upperBound` (upperBound > 0), without modulo bias.
    func next(below upperBound: UInt64) -> UInt64
}

/// The operating system's cryptographically secure generator (getrandom on Linux).
public struct SystemDrawRandomness: DrawRandomness {
    public init() {}
    public func next(below upperBound: UInt64) -> UInt64 {
        var rng = SystemRandomNumberGenerator()
        return UInt64.random(in: 0..<upperBound, using: &rng)
    }
}

/// A seeded SplitMix64 stream, for tests only.
public final class SeededDrawRandomness: DrawRandomness {
    private let state: NIOLockedValueBox<UInt64>

    public init(seed: UInt64) { state = NIOLockedValueBox(seed) }

    public func next(below upperBound: UInt64) -> UInt64 {
        state.withLockedValue { state in
            var generator = SplitMix64(seed: state)
            let value = UInt64.random(in: 0..<upperBound, using: &generator)
            state = generator.state
            return value
        }
    }
}
