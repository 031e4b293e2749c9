import V4Contract

/// The 10-draw guarantee (保底), per user and campaign.
///
/// The counter is the number of consecutive draws since the pity prize was last won. Before each
/// draw: if one more miss would reach the limit, this draw awards the pity prize (`triggered`) and
/// the counter resets to 0. Otherwise the prize is drawn by weight; winning the pity prize that
/// way also resets the counter, anything else adds one. So no user ever goes more than
/// `limit − 1` draws in a row without the pity prize. If the pity prize cannot be won (out of
/// stock, daily cap) the draw goes by weight and the counter stays at `limit − 1`.
public struct PityRule: Sendable, Equatable {
    public var enabled: Bool
    public var limit: Int
    public var prizeId: Int64?
    public var prizeName: String?

    public static let disabled = PityRule(enabled: false, limit: 0, prizeId: nil, prizeName: nil)

    /// Whether the next draw, with the counter at `count`, must award the pity prize.
    public func forces(count: Int, pityPrizeAvailable: Bool) -> Bool {
        enabled && prizeId != nil && pityPrizeAvailable && count + 1 >= limit
    }

    /// The counter after a draw that awarded `prizeId`.
    public func counter(after count: Int, won prizeId: Int64?) -> Int {
        guard enabled, let pityPrize = self.prizeId else { return 0 }
        if prizeId == pityPrize { return 0 }
        return min(count + 1, limit - 1)
    }

    /// Draws left until the guarantee, counting the one that triggers it.
    public func remaining(count: Int) -> Int { enabled ? max(limit - count, 0) : 0 }
}
