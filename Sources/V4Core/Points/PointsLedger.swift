import V4Contract
import BridgeKit
import GRDB

/// The points ledger every module posts to. `post` runs inside the caller's write transaction,
/// so a draw or an exchange debits, records and updates the account atomically with its own rows.
public enum PointsLedger {
    /// Applies one entry: balance check, account update and ledger row, in `db`'s transaction.
    /// Throws `INSUFFICIENT_POINTS` (with required/current points) when a debit exceeds the balance.
    @discardableResult
    public static func post(_ entry: PointsEntry, in db: Database, at time: Date) throws -> PointsTransactionRecord {
        var account = try account(for: entry.userId, in: db, at: time)
        return try post(entry, to: &account, in: db, at: time)
    }

    /// `post` onto an account the caller already read in this transaction (and keeps using:
    /// `account` holds the new balance afterwards), saving a read per entry.
    @discardableResult
    public static func post(_ entry: PointsEntry, to account: inout PointsAccountRecord, in db: Database, at time: Date) throws
        -> PointsTransactionRecord
    {
        guard entry.amount > 0 else { throw V4Error(.invalidParameter, "积分数量必须大于0") }
        precondition(account.userId == entry.userId, "an entry posts to its own user's account")
        let before = account.availablePoints
        switch entry.direction {
        case .earn:
            account.availablePoints += entry.amount
            account.totalEarned += entry.amount
            try db.execute(
                sql: "UPDATE users SET history_total_points = history_total_points + ? WHERE user_id = ?",
                arguments: [entry.amount, entry.userId])
        case .consume:
            guard before >= entry.amount else {
                throw V4Error(
                    .insufficientPoints, "积分不足，需要\(entry.amount)积分，当前\(before)积分",
                    data: ["required_points": .int(Int64(entry.amount)), "current_points": .int(Int64(before))])
            }
            account.availablePoints -= entry.amount
            account.totalConsumed += entry.amount
        }
        account.updatedAt = time
        try account.updateBalance(in: db)
        var row = PointsTransactionRecord(
            userId: entry.userId, transactionType: entry.direction.rawValue, pointsAmount: entry.amount,
            balanceBefore: before, balanceAfter: account.availablePoints, businessType: entry.businessType,
            sourceType: entry.sourceType, referenceId: entry.referenceId, title: entry.title,
            description: entry.description, transactionTime: time)
        try row.insertRow(in: db)
        return row
    }

    /// The user's account, created empty on first use.
    public static func account(for userId: Int64, in db: Database, at time: Date) throws -> PointsAccountRecord {
        if let existing = try PointsAccountRecord.find(userId: userId, in: db) { return existing }
        guard try UserRecord.find(userId, in: db) != nil else { throw V4Error(.userNotFound) }
        var created = PointsAccountRecord(
            userId: userId, availablePoints: 0, totalEarned: 0, totalConsumed: 0, createdAt: time, updatedAt: time)
        try created.insert(db)
        return created
    }
}
