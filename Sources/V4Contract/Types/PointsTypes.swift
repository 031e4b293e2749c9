import BridgeKit
/// V4 points payloads ([B] §3.3).
@PublicInit
public struct V4PointsBalance: Codable, Sendable, Equatable {
    public var userId: Int64
    public var availablePoints: Int
    public var totalEarned: Int
    public var totalConsumed: Int

    enum CodingKeys: String, CodingKey {
        case userId = "user_id", availablePoints = "available_points", totalEarned = "total_earned"
        case totalConsumed = "total_consumed"
    }
}

@PublicInit
public struct V4PointsTransaction: Codable, Sendable, Equatable {
    public var transactionId: Int64
    public var transactionType: String
    public var pointsAmount: Int
    public var balanceBefore: Int?
    public var balanceAfter: Int
    public var businessType: String
    public var sourceType: String
    public var referenceId: String?
    public var title: String
    public var description: String?
    public var transactionTime: String

    enum CodingKeys: String, CodingKey {
        case transactionId = "transaction_id", transactionType = "transaction_type", pointsAmount = "points_amount"
        case balanceBefore = "balance_before", balanceAfter = "balance_after", businessType = "business_type"
        case sourceType = "source_type", referenceId = "reference_id", title, description
        case transactionTime = "transaction_time"
    }
}

/// Pagination as [B] shows it; `pages` is the points endpoint's own name for `total_pages`.
public struct V4Pagination: Codable, Sendable, Equatable {
    public var page: Int
    public var limit: Int
    public var total: Int
    public var totalPages: Int
    public var pages: Int?

    public init(page: Int, limit: Int, total: Int) {
        self.page = page
        self.limit = limit
        self.total = total
        self.totalPages = limit > 0 ? (total + limit - 1) / limit : 0
        self.pages = totalPages
    }

    enum CodingKeys: String, CodingKey { case page, limit, total, totalPages = "total_pages", pages }

    /// Reads [B]'s names, its points variant (`pages`), and [A]'s (`current_page`, `total_records`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        func int(_ names: String...) throws -> Int? {
            for name in names { if let value = try c.decodeIfPresent(Int.self, forKey: AnyKey(name)) { return value } }
            return nil
        }
        guard let page = try int("page", "current_page"), let limit = try int("limit"), let total = try int("total", "total_records")
        else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "incomplete pagination")) }
        self.init(page: page, limit: limit, total: total)
        if let pages = try int("total_pages", "pages") {
            totalPages = pages
            self.pages = pages
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

public struct V4PointsTransactions: Codable, Sendable, Equatable {
    public var userId: Int64
    public var transactions: [V4PointsTransaction]
    public var pagination: V4Pagination
    /// Extension: rows per direction under the `source_type` filter (the `type` filter aside).
    public var summary: Summary?

    public struct Summary: Codable, Sendable, Equatable {
        public var earnCount: Int
        public var consumeCount: Int
        enum CodingKeys: String, CodingKey { case earnCount = "earn_count", consumeCount = "consume_count" }

        public init(earnCount: Int, consumeCount: Int) {
            self.earnCount = earnCount
            self.consumeCount = consumeCount
        }
    }

    enum CodingKeys: String, CodingKey { case userId = "user_id", transactions, pagination, summary }

    public init(userId: Int64, transactions: [V4PointsTransaction], pagination: V4Pagination, summary: Summary? = nil) {
        self.userId = userId
        self.transactions = transactions
        self.pagination = pagination
        self.summary = summary
    }
}

@PublicInit
public struct V4UserStatistics: Codable, Sendable, Equatable {
    public var statistics: Statistics

    @PublicInit
    public struct Statistics: Codable, Sendable, Equatable {
        public var userId: Int64
        public var accountCreated: String
        public var lastActivity: String?
        public var loginCount: Int
        public var points: Points
        public var lottery: Lottery
        public var exchange: Exchange
        public var upload: Upload
        public var inventory: Inventory
        public var achievements: [Achievement]

        enum CodingKeys: String, CodingKey {
            case userId = "user_id", accountCreated = "account_created", lastActivity = "last_activity"
            case loginCount = "login_count", points, lottery, exchange, upload, inventory, achievements
        }
    }

    @PublicInit
    public struct Points: Codable, Sendable, Equatable {
        public var currentBalance: Int
        public var totalEarned: Int
        public var totalConsumed: Int
        public var monthEarned: Int
        enum CodingKeys: String, CodingKey {
            case currentBalance = "current_balance", totalEarned = "total_earned", totalConsumed = "total_consumed"
            case monthEarned = "month_earned"
        }
    }

    public struct Lottery: Codable, Sendable, Equatable {
        public var totalCount: Int
        public var monthCount: Int
        public var lastDraw: String?
        enum CodingKeys: String, CodingKey { case totalCount = "total_count", monthCount = "month_count", lastDraw = "last_draw" }

        public init(totalCount: Int, monthCount: Int, lastDraw: String? = nil) {
            self.totalCount = totalCount
            self.monthCount = monthCount
            self.lastDraw = lastDraw
        }
    }

    @PublicInit
    public struct Exchange: Codable, Sendable, Equatable {
        public var totalCount: Int
        public var totalPoints: Int
        public var monthCount: Int
        enum CodingKeys: String, CodingKey {
            case totalCount = "total_count", totalPoints = "total_points", monthCount = "month_count"
        }
    }

    @PublicInit
    public struct Upload: Codable, Sendable, Equatable {
        public var totalCount: Int
        public var approvedCount: Int
        /// A percentage with one decimal, as a string ("90.0"), as [B] shows.
        public var approvalRate: String
        public var monthCount: Int
        enum CodingKeys: String, CodingKey {
            case totalCount = "total_count", approvedCount = "approved_count", approvalRate = "approval_rate"
            case monthCount = "month_count"
        }
    }

    @PublicInit
    public struct Inventory: Codable, Sendable, Equatable {
        public var totalCount: Int
        public var availableCount: Int
        public var usedCount: Int
        public var usageRate: String
        enum CodingKeys: String, CodingKey {
            case totalCount = "total_count", availableCount = "available_count", usedCount = "used_count"
            case usageRate = "usage_rate"
        }
    }

    @PublicInit
    public struct Achievement: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String
        public var unlocked: Bool
        public var category: String
    }
}

/// [B] `points/admin/adjust` result.
public struct V4PointsAdjustment: Codable, Sendable, Equatable {
    public var userId: Int64
    public var adjustment: Adjustment
    public var newBalance: Int

    public struct Adjustment: Codable, Sendable, Equatable {
        public var amount: Int
        public var type: String
        public var reason: String
        public var adminId: Int64
        public var timestamp: String
        enum CodingKeys: String, CodingKey { case amount, type, reason, adminId = "admin_id", timestamp }

        public init(amount: Int, type: String, reason: String, adminId: Int64, timestamp: String) {
            self.amount = amount
            self.type = type
            self.reason = reason
            self.adminId = adminId
            self.timestamp = timestamp
        }
    }

    enum CodingKeys: String, CodingKey { case userId = "user_id", adjustment, newBalance = "new_balance" }

    public init(userId: Int64, adjustment: Adjustment, newBalance: Int) {
        self.userId = userId
        self.adjustment = adjustment
        self.newBalance = newBalance
    }
}

/// `points/breakdown/:user_id` (extension): the account and its ledger summed by source.
@PublicInit
public struct V4PointsBreakdown: Codable, Sendable, Equatable {
    public var userId: Int64
    public var currentBalance: Int
    public var totalEarned: Int
    public var totalConsumed: Int
    /// One entry per `source_type`, largest first.
    public var earned: [SourceTotal]
    public var consumed: [SourceTotal]

    @PublicInit
    public struct SourceTotal: Codable, Sendable, Equatable {
        public var source: String
        public var points: Int
        public var count: Int
    }

    enum CodingKeys: String, CodingKey {
        case userId = "user_id", currentBalance = "current_balance", totalEarned = "total_earned"
        case totalConsumed = "total_consumed", earned, consumed
    }
}
