import BridgeKit
import Foundation
import GRDB
import V4Core

/// Rows the tests put straight into a core's database: what the migrator or later modules
/// (photo review, exchange) would have written.
enum TestRows {
    static func date(_ iso: String) -> Date { Timestamp.parse(iso)! }

    static func insertUploads(_ engine: V4Engine, _ rows: [ImageResourceRecord]) async throws {
        try await engine.database.write { db in
            for var row in rows { try row.insert(db) }
        }
    }

    /// A product row with the CommodityPool extension columns; returns its id.
    @discardableResult
    static func insertProduct(
        _ engine: V4Engine, id: Int64, name: String, category: String?, points: Int, stock: Int, originalPrice: Double?,
        costPrice: Double? = nil, status: String = "active", isHot: Bool = false, sortOrder: Int, salesCount: Int = 0,
        image: String? = nil
    ) async throws -> Int64 {
        try await engine.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO products (product_id, name, description, image, category, space, exchange_points, stock,
                      original_price, cost_price, status, created_at, is_hot, sort_order, sales_count)
                    VALUES (?, ?, ?, ?, ?, 'lucky', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, name, "\(name)说明", image, category, points, stock, originalPrice, costPrice, status,
                    date("2025-07-01T00:00:00Z"), isHot, sortOrder, salesCount,
                ])
            return id
        }
    }

    /// A ledger row as the migrator writes it (`balance_before` may be NULL in old rows).
    static func insertPoints(
        _ engine: V4Engine, id: Int64, userId: Int64, type: String, amount: Int, before: Int?, after: Int, business: String,
        source: String, reference: String?, title: String, description: String?, at time: String
    ) async throws {
        try await engine.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO points_records (record_id, user_id, transaction_type, points_amount, balance_before, balance_after,
                      business_type, source_type, reference_id, title, description, transaction_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, userId, type, amount, before, after, business, source, reference, title, description, date(time)])
        }
    }

    /// The user id behind a mobile (the legacy login creates unknown mobiles).
    static func userId(_ engine: V4Engine, mobile: String) async throws -> Int64 {
        try await engine.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT user_id FROM users WHERE mobile = ?", arguments: [mobile])!
        }
    }
}
