import V4Contract
import BridgeKit
import GRDB
import ServerKit

/// Read side of the ledger, and the admin adjustment.
public struct PointsService: Sendable {
    let database: CoreDatabase
    let clock: @Sendable () -> Date
    let events: any EventBus

    public init(database: CoreDatabase, events: any EventBus, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.events = events
        self.clock = clock
    }

    /// A read: a user without an account row (none is created on reading) has a zero balance.
    public func balance(of userId: Int64) async throws -> V4PointsBalance {
        try await database.read { db in
            if let account = try PointsAccountRecord.find(userId: userId, in: db) {
                return V4PointsBalance(
                    userId: userId, availablePoints: account.availablePoints, totalEarned: account.totalEarned,
                    totalConsumed: account.totalConsumed)
            }
            guard try UserRecord.find(userId, in: db) != nil else { throw V4Error(.userNotFound) }
            return V4PointsBalance(userId: userId, availablePoints: 0, totalEarned: 0, totalConsumed: 0)
        }
    }

    /// Newest first. `type` is `earn`, `consume` or nil for both; `sourceType` (extension) picks one source.
    public func transactions(of userId: Int64, page: V4PageQuery, type: String?, sourceType: String?) async throws
        -> V4PointsTransactions
    {
        if let type, type != "earn", type != "consume" { throw V4Error(.invalidParameter, "type 必须是 earn 或 consume") }
        return try await database.read { db in
            guard try UserRecord.exists(db, key: userId) else { throw V4Error(.userNotFound) }
            var bySource = PointsTransactionRecord.filter(PointsTransactionRecord.Columns.userId == userId)
            if let sourceType { bySource = bySource.filter(PointsTransactionRecord.Columns.sourceType == sourceType) }
            let earnCount = try bySource.filter(PointsTransactionRecord.Columns.transactionType == "earn").fetchCount(db)
            let consumeCount = try bySource.filter(PointsTransactionRecord.Columns.transactionType == "consume").fetchCount(db)
            let request = type.map { bySource.filter(PointsTransactionRecord.Columns.transactionType == $0) } ?? bySource
            let total = type == nil ? earnCount + consumeCount : (type == "earn" ? earnCount : consumeCount)
            let rows = try request.order(PointsTransactionRecord.Columns.transactionTime.desc, PointsTransactionRecord.Columns.recordId.desc)
                .limit(page.limit, offset: page.offset).fetchAll(db)
            return V4PointsTransactions(
                userId: userId, transactions: rows.map(Self.payload), pagination: page.pagination(total: total),
                summary: .init(earnCount: earnCount, consumeCount: consumeCount))
        }
    }

    static func payload(_ row: PointsTransactionRecord) -> V4PointsTransaction {
        V4PointsTransaction(
            transactionId: row.recordId!, transactionType: row.transactionType, pointsAmount: row.pointsAmount,
            balanceBefore: row.balanceBefore, balanceAfter: row.balanceAfter, businessType: row.businessType,
            sourceType: row.sourceType, referenceId: row.referenceId, title: row.title, description: row.description,
            transactionTime: Timestamp.beijing(row.transactionTime))
    }

    /// The account and its ledger summed per `source_type` and direction (extension endpoint).
    public func breakdown(of userId: Int64) async throws -> V4PointsBreakdown {
        try await database.read { db in
            guard try UserRecord.exists(db, key: userId) else { throw V4Error(.userNotFound) }
            let account = try PointsAccountRecord.find(userId: userId, in: db)
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT transaction_type, source_type, SUM(points_amount) AS points, COUNT(*) AS count
                    FROM points_records WHERE user_id = ? GROUP BY transaction_type, source_type
                    ORDER BY points DESC, source_type
                    """), arguments: [userId])
            func totals(_ direction: String) -> [V4PointsBreakdown.SourceTotal] {
                rows.filter { $0["transaction_type"] == direction }.map {
                    .init(source: $0["source_type"], points: $0["points"], count: $0["count"])
                }
            }
            return V4PointsBreakdown(
                userId: userId, currentBalance: account?.availablePoints ?? 0, totalEarned: account?.totalEarned ?? 0,
                totalConsumed: account?.totalConsumed ?? 0, earned: totals("earn"), consumed: totals("consume"))
        }
    }

    public func statistics(of userId: Int64) async throws -> V4UserStatistics {
        let monthStart = Timestamp.database(Self.beijingMonthStart(clock()))
        return try await database.readStatement { db in
            // The user, the account and every aggregate in one cached statement: one step, one
            // row, read in SQLite's own snapshot of the statement. The month's earnings are a
            // range of the (user, time) index, not a pass over the user's whole ledger: a
            // migrated user brings years of it.
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT
                      u.created_at, u.last_login, u.login_count,
                      COALESCE(a.available_points, 0), COALESCE(a.total_earned, 0), COALESCE(a.total_consumed, 0),
                      (SELECT COALESCE(SUM(points_amount), 0) FROM points_records
                         WHERE user_id = ?2 AND transaction_time >= ?1 AND transaction_type = 'earn'),
                      (SELECT MAX(transaction_time) FROM points_records WHERE user_id = ?2),
                      (SELECT COUNT(*) FROM lottery_draw_records WHERE user_id = ?2),
                      (SELECT COUNT(*) FROM lottery_draw_records WHERE user_id = ?2 AND created_at >= ?1),
                      (SELECT MAX(created_at) FROM lottery_draw_records WHERE user_id = ?2),
                      (SELECT COUNT(*) FROM exchange_records WHERE user_id = ?2 AND status <> \(V4ExchangeStatus.cancelled.sql)),
                      (SELECT COALESCE(SUM(points_cost), 0) FROM exchange_records WHERE user_id = ?2 AND status <> \(V4ExchangeStatus.cancelled.sql)),
                      (SELECT COUNT(*) FROM exchange_records WHERE user_id = ?2 AND status <> \(V4ExchangeStatus.cancelled.sql) AND created_at >= ?1),
                      (SELECT COUNT(*) FROM image_resources WHERE user_id = ?2),
                      (SELECT COUNT(*) FROM image_resources WHERE user_id = ?2 AND review_status = \(ReviewStatus.approved.sql)),
                      (SELECT COUNT(*) FROM image_resources WHERE user_id = ?2 AND uploaded_at >= ?1),
                      (SELECT COUNT(*) FROM user_inventories WHERE user_id = ?2),
                      (SELECT COUNT(*) FROM user_inventories WHERE user_id = ?2 AND status = \(InventoryStatus.available.sql)),
                      (SELECT COUNT(*) FROM user_inventories WHERE user_id = ?2 AND status = 'used')
                    FROM users u LEFT JOIN user_points_accounts a ON a.user_id = u.user_id
                    WHERE u.user_id = ?2
                    """), arguments: [monthStart, userId])
            else { throw V4Error(.userNotFound) }
            let createdAt: Date = row[0], lastLogin: Date? = row[1], loginCount: Int = row[2]
            let balance: Int = row[3], totalEarned: Int = row[4], totalConsumed: Int = row[5]
            let monthEarned: Int = row[6]
            let lastActivity: Date? = row[7]
            let draws: Int = row[8], monthDraws: Int = row[9]
            let lastDraw: Date? = row[10]
            let exchanges: Int = row[11], exchangePoints: Int = row[12], monthExchanges: Int = row[13]
            let uploads: Int = row[14], approved: Int = row[15], monthUploads: Int = row[16]
            let items: Int = row[17], available: Int = row[18], used: Int = row[19]
            return V4UserStatistics(statistics: .init(
                userId: userId, accountCreated: Timestamp.beijing(createdAt),
                lastActivity: [lastActivity, lastLogin].compactMap { $0 }.max().map(Timestamp.beijing),
                loginCount: loginCount,
                points: .init(
                    currentBalance: balance, totalEarned: totalEarned, totalConsumed: totalConsumed, monthEarned: monthEarned),
                lottery: .init(totalCount: draws, monthCount: monthDraws, lastDraw: lastDraw.map(Timestamp.beijing)),
                exchange: .init(totalCount: exchanges, totalPoints: exchangePoints, monthCount: monthExchanges),
                upload: .init(
                    totalCount: uploads, approvedCount: approved, approvalRate: Self.percent(approved, of: uploads),
                    monthCount: monthUploads),
                inventory: .init(
                    totalCount: items, availableCount: available, usedCount: used, usageRate: Self.percent(used, of: items)),
                achievements: [
                    .init(id: "first_lottery", name: "初试身手", description: "完成第一次抽奖", unlocked: draws >= 1, category: "lottery"),
                    .init(id: "lottery_enthusiast", name: "抽奖达人", description: "完成10次抽奖", unlocked: draws >= 10, category: "lottery"),
                ]))
        }
    }

    /// [B] `points/admin/adjust`: positive amounts credit, negative debit (with the balance check).
    public func adjust(userId: Int64?, amount: Int?, reason: String?, type: String?, by admin: Identity) async throws
        -> V4PointsAdjustment
    {
        guard admin.isAdmin else { throw V4Error(.adminOnly) }
        guard let userId, let amount, amount != 0 else { throw V4Error(.missingParameter, "user_id 和非零 amount 为必填") }
        guard let reason, !reason.isEmpty else { throw V4Error(.missingParameter, "reason 为必填") }
        guard amount.magnitude <= 10_000_000 else { throw V4Error(.invalidParameter, "amount 超出范围") }
        // The one type the V4 docs give ([B] points.js: `"type":"admin_adjust"`); any other text
        // would be stored as the ledger's business type and shown to the user.
        let kind = type ?? "admin_adjust"
        guard kind == "admin_adjust" else { throw V4Error(.invalidParameter, "type 只能是 admin_adjust") }
        let now = clock()
        let row = try await database.write { db in
            try PointsLedger.post(
                PointsEntry(
                    userId: userId, direction: amount > 0 ? .earn : .consume, amount: abs(amount), businessType: kind,
                    sourceType: "admin", referenceId: "admin_\(admin.userId)", title: "管理员调整", description: reason),
                in: db, at: now)
        }
        events.publish(.pointsChanged(V4PointsChange(
            userId: userId, balanceBefore: row.balanceAfter - amount, balanceAfter: row.balanceAfter, reason: reason, source: "admin_adjust",
            at: now)))
        return V4PointsAdjustment(
            userId: userId,
            adjustment: .init(amount: amount, type: kind, reason: reason, adminId: admin.userId, timestamp: Timestamp.beijing(now)),
            newBalance: row.balanceAfter)
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0.0" }
        return String(format: "%.1f", Double(part) * 100 / Double(whole))
    }

    static func beijingMonthStart(_ now: Date) -> Date {
        let month = Timestamp.beijing(now).prefix(7)
        return Timestamp.parse("\(month)-01T00:00:00+08:00")!
    }
}
