import V4Contract

/// Reads an exchange's outcome back from V4's own records when its answer was lost: the
/// caller's exchange records (newest first) against the newest one before the call, and the
/// balance after it. 003's records name the product but not its id (L2394-2424), so an order is
/// taken for this exchange when it is the only new one and has the quantity asked for.
enum ExchangeReadBack {
    static func newestRecordId(_ call: LegacyCall) async throws -> Int64 {
        let records = try await call.v4(V4API.Inventory.exchangeRecords, .init(page: V4PageQuery(page: 1, limit: 1)))
        return records.records.first?.exchangeId ?? 0
    }

    static func find(_ call: LegacyCall, userId: Int64, after: Int64?, quantity: Int) async throws -> V4ExchangeResult? {
        guard let after else { return nil }
        try? await Task.sleep(for: .milliseconds(200))
        let records = try await call.v4(V4API.Inventory.exchangeRecords, .init(page: V4PageQuery(page: 1, limit: 5)))
        let fresh = records.records.prefix { $0.exchangeId != after }
        guard fresh.count == 1, let order = fresh.first, order.quantity == quantity else { return nil }
        let balance = try await call.v4(V4API.Points.balance, .init(userId: userId))
        return V4ExchangeResult(
            exchange: order, inventoryItem: V4InventoryItemRef(id: 0, name: order.productName, type: "exchange", status: "available"),
            remainingPoints: balance.availablePoints)
    }
}
