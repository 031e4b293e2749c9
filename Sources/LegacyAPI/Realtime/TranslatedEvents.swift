import BridgeKit
import V4Contract
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The events a V4 answer proves, for a bridge in front of a remote core (which pushes nothing
/// the bridge can hear): raised by the translations of the calls that change balances, stock
/// and reviews, once V4 has answered success. Docs/compatibility.md W10 lists what a real V4
/// deployment's users therefore get and what not.
enum TranslatedEvents {
    /// A draw: one change, from the balance before (after + cost − points won) to after.
    static func draw(_ result: V4DrawResult, userId: Int64, at now: Date) -> V4Event {
        let won = result.draws.reduce(0) { $0 + $1.rewardPoints }
        return .pointsChanged(V4PointsChange(
            userId: userId, balanceBefore: result.remainingBalance + result.totalCost - won, balanceAfter: result.remainingBalance,
            reason: won > 0 ? "抽奖消耗及奖励" : "抽奖消耗", source: "lottery", at: now))
    }

    /// An exchange: the stock change to everyone watching the product, the debit to the buyer.
    static func exchange(_ result: V4ExchangeResult, userId: Int64, at now: Date) -> [V4Event] {
        let order = result.exchange
        var events: [V4Event] = [
            .stockChanged(V4StockChange(
                productId: order.productId, productName: order.productName, stock: result.remainingStock, change: -order.quantity,
                operation: .purchase, at: now))
        ]
        if order.pointsCost > 0 {
            events.append(.pointsChanged(V4PointsChange(
                userId: userId, balanceBefore: result.remainingPoints + order.pointsCost, balanceAfter: result.remainingPoints,
                reason: "兑换\(order.productName)×\(order.quantity)", source: "exchange", at: now)))
        }
        return events
    }

    /// A review: the decision to the uploader, and the credit when there is one.
    static func review(_ review: V4PhotoReviewResult.Review, at now: Date) -> [V4Event] {
        var events: [V4Event] = [
            .reviewDecided(V4ReviewDecision(
                userId: review.userId, resourceId: review.resourceId, uploadId: review.uploadId, status: review.reviewStatus,
                pointsAwarded: review.pointsAwarded, reason: review.reason, reviewerName: review.reviewerName, at: now))
        ]
        if review.pointsAwarded > 0 {
            events.append(.pointsChanged(V4PointsChange(
                userId: review.userId, balanceBefore: review.userBalance - review.pointsAwarded, balanceAfter: review.userBalance,
                reason: "拍照审核通过奖励", source: "photo_review", at: now)))
        }
        return events
    }
}

extension LegacyCall {
    /// Raises several events (only in front of a remote core).
    func raise(_ events: @autoclosure () -> [V4Event]) {
        guard let bus = self.events else { return }
        for event in events() { bus.publish(event) }
    }
}
