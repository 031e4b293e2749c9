import BridgeKit
import V4Contract

/// Weighted choice among the prizes that can still be won.
///
/// Probabilities are turned into integer weights in millionths, so the choice is exact integer
/// arithmetic on an unbiased random number. Prizes out of stock or at their daily cap are
/// excluded and the rest keep their relative weights.
public enum PrizePicker {
    public static let resolution = 1_000_000.0

    @PublicInit
    public struct Candidate: Sendable, Equatable {
        public var prizeId: Int64
        public var probability: Double
        public var available: Bool

        var weight: UInt64 { available && probability > 0 ? UInt64((probability * resolution).rounded()) : 0 }
    }

    /// The chosen prize id, or nil when nothing can be won.
    public static func pick(_ candidates: [Candidate], using randomness: any DrawRandomness) -> Int64? {
        let total = candidates.reduce(UInt64(0)) { $0 + $1.weight }
        guard total > 0 else { return nil }
        var ticket = randomness.next(below: total)
        for candidate in candidates where candidate.weight > 0 {
            if ticket < candidate.weight { return candidate.prizeId }
            ticket -= candidate.weight
        }
        return nil  // unreachable: ticket < total
    }
}
