import V4Contract
import BridgeKit
import GRDB

/// What a user holds: lottery prizes and exchanged goods (`user_inventories`, [B] public fields).
public struct InventoryService: Sendable {
    let database: CoreDatabase
    let clock: @Sendable () -> Date

    /// An item expiring within this many days is `expiring_soon`.
    public static let expiringSoonDays = 7

    public init(database: CoreDatabase, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.clock = clock
    }

    /// Newest first, optionally one status and one type; the summary counts every item.
    public func items(of userId: Int64, page: V4PageQuery, status: String?, type: String?) async throws -> V4UserInventory {
        let now = clock()
        return try await database.read { db in
            guard try UserRecord.exists(db, key: userId) else { throw V4Error(.userNotFound) }
            let filter = "user_id = ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR type = ?3)"
            let total = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM user_inventories WHERE \(filter)"),
                arguments: [userId, status, type]) ?? 0
            let rows = try UserInventoryRecord.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM user_inventories WHERE \(filter)
                    ORDER BY acquired_at DESC, inventory_id DESC LIMIT ?4 OFFSET ?5
                    """), arguments: [userId, status, type, page.limit, page.offset])
            let counts = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) AS total, COUNT(CASE WHEN status = \(InventoryStatus.available.sql) THEN 1 END) AS available,
                           COUNT(CASE WHEN status = 'used' THEN 1 END) AS used,
                           COUNT(CASE WHEN status = 'expired' THEN 1 END) AS expired
                    FROM user_inventories WHERE user_id = ?
                    """), arguments: [userId])!
            let soon = now.addingTimeInterval(Double(Self.expiringSoonDays) * 86_400)
            return V4UserInventory(
                items: rows.map { row in
                    let expired = row.expiresAt.map { $0 <= now } ?? false
                    let usable = row.status == .available && !expired
                    return V4InventoryItem(
                        id: row.inventoryId!, name: row.name, type: row.type, value: row.value, status: row.status.rawValue,
                        acquiredAt: Timestamp.beijing(row.acquiredAt), expiresAt: row.expiresAt.map(Timestamp.beijing),
                        usedAt: row.usedAt.map(Timestamp.beijing), expiringSoon: usable && row.expiresAt.map { $0 <= soon } == true,
                        canUse: usable, canTransfer: usable && row.transferCount < row.maxTransfers,
                        transferCount: row.transferCount)
                },
                pagination: page.pagination(total: total),
                summary: .init(
                    totalItems: counts["total"], availableItems: counts["available"], usedItems: counts["used"],
                    expiredItems: counts["expired"]))
        }
    }
}
