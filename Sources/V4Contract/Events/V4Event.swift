import BridgeKit

/// Something that happened in the core and that a connected client may want to see at once:
/// raised after its transaction committed, never for a rolled-back operation.
public enum V4Event: Sendable, Equatable, Codable {
    case pointsChanged(V4PointsChange)
    case stockChanged(V4StockChange)
    case reviewDecided(V4ReviewDecision)
    case systemMessage(V4SystemMessage)

    /// The one user the event concerns, or nil when it is for everyone (stock, announcements).
    public var userId: Int64? {
        switch self {
        case .pointsChanged(let change): change.userId
        case .reviewDecided(let decision): decision.userId
        case .systemMessage(let message): message.userId
        case .stockChanged: nil
        }
    }
}

/// One operation's net effect on a user's balance (a multi-draw is one change, not one per entry).
@PublicInit
public struct V4PointsChange: Sendable, Equatable, Codable {
    public var userId: Int64
    public var balanceBefore: Int
    public var balanceAfter: Int
    /// What the ledger says about it (`抽奖消耗`, `拍照审核通过奖励`…).
    public var reason: String
    /// The ledger's business type: `lottery`, `exchange`, `photo_review`, `admin_adjust`, `refund`.
    public var source: String
    public var at: Date

    /// Signed: negative for a spend.
    public var change: Int { balanceAfter - balanceBefore }
}

/// A product's stock after an operation.
public struct V4StockChange: Sendable, Equatable, Codable {
    public enum Operation: String, Sendable, Codable { case purchase, restock, adminAdjust = "admin_adjust" }

    public var productId: Int64
    public var productName: String
    /// Stock after the change; nil when the raiser does not know it (a bridge in front of a real
    /// V4 deployment learns the change from an exchange answer, not the stock).
    public var stock: Int?
    public var change: Int
    public var operation: Operation
    public var at: Date

    public init(productId: Int64, productName: String, stock: Int?, change: Int, operation: Operation, at: Date) {
        self.productId = productId
        self.productName = productName
        self.stock = stock
        self.change = change
        self.operation = operation
        self.at = at
    }
}

/// A merchant's decision on one receipt upload, for its uploader.
@PublicInit
public struct V4ReviewDecision: Sendable, Equatable, Codable {
    public var userId: Int64
    public var resourceId: Int64
    public var uploadId: String
    /// `approved` or `rejected`.
    public var status: String
    public var pointsAwarded: Int
    public var reason: String?
    public var reviewerName: String?
    public var at: Date
}

/// An announcement an admin published, to everyone or to one user.
@PublicInit
public struct V4SystemMessage: Sendable, Equatable, Codable {
    public var announcementId: Int64
    public var title: String
    public var content: String
    /// `info`, `warning`, `error` or `success` (D1-B).
    public var messageType: String
    /// D1-B `action`: `navigate`, `refresh` or `none`, and its target page.
    public var actionType: String
    public var actionTarget: String?
    public var isImportant: Bool
    public var userId: Int64?
    public var at: Date
}
