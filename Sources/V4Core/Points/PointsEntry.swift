import V4Contract

/// One balance change to post to the ledger.
public struct PointsEntry: Sendable, Equatable {
    public enum Direction: String, Sendable { case earn, consume }

    public var userId: Int64
    public var direction: Direction
    /// Magnitude, > 0.
    public var amount: Int
    /// e.g. `lottery_draw`, `lottery_win`, `photo_approved`, `product_exchange`, `register_bonus`, `admin_adjust`.
    public var businessType: String
    /// e.g. `lottery`, `photo_review`, `exchange`, `register`, `admin`.
    public var sourceType: String
    public var referenceId: String?
    public var title: String
    public var description: String?

    public init(
        userId: Int64, direction: Direction, amount: Int, businessType: String, sourceType: String,
        referenceId: String? = nil, title: String, description: String? = nil
    ) {
        self.userId = userId
        self.direction = direction
        self.amount = amount
        self.businessType = businessType
        self.sourceType = sourceType
        self.referenceId = referenceId
        self.title = title
        self.description = description
    }
}
