import BridgeKit

/// Who made a call and when: what an endpoint's event rule needs besides the answer.
@PublicInit
public struct V4EventContext: Sendable {
    /// The caller's V4 user id, when the call had one.
    public var userId: Int64?
    public var now: Date
}

/// The events an operation's answer proves: built from the answer alone, so the embedded core
/// (after its commit) and a bridge in front of a remote core (after V4 answered success) raise
/// exactly the same events for the same operation.
extension V4Event {
    /// A draw: one change for the whole draw, from the balance before (after + cost − points
    /// won) to after; none when the draw moved no points.
    public static func afterDraw(_ result: V4DrawResult, userId: Int64, at now: Date) -> [V4Event] {
        let won = result.draws.reduce(0) { $0 + $1.rewardPoints }
        let cost = result.totalCost ?? 0
        guard cost > 0 || won > 0 else { return [] }
        return [.pointsChanged(V4PointsChange(
            userId: userId, balanceBefore: result.remainingBalance + cost - won, balanceAfter: result.remainingBalance,
            reason: won > 0 ? "抽奖消耗及奖励" : "抽奖消耗", source: "lottery", at: now))]
    }

    /// An exchange: the stock change for everyone watching the product, the debit for the buyer.
    public static func afterExchange(_ result: V4ExchangeResult, userId: Int64, at now: Date) -> [V4Event] {
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

    /// A review: the decision for the uploader, and the credit when there is one.
    public static func afterReview(_ review: V4PhotoReviewResult.Review, at now: Date) -> [V4Event] {
        // 003's review answer names no uploader: nobody to tell.
        guard let userId = review.userId else { return [] }
        var events: [V4Event] = [
            .reviewDecided(V4ReviewDecision(
                userId: userId, resourceId: review.resourceId, uploadId: review.uploadId, status: review.reviewStatus,
                pointsAwarded: review.pointsAwarded, reason: review.reason, reviewerName: review.reviewerName, at: now))
        ]
        if review.pointsAwarded > 0, let balance = review.userBalance {
            events.append(.pointsChanged(V4PointsChange(
                userId: userId, balanceBefore: balance - review.pointsAwarded, balanceAfter: balance,
                reason: "拍照审核通过奖励", source: "photo_review", at: now)))
        }
        return events
    }
}
