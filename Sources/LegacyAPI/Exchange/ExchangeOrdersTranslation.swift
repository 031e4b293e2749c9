import BridgeKit
import V4Contract

/// `GET /api/exchange/orders` → V4 `inventory/exchange-records`: D1-A's and D1-B's order
/// shapes in one (`created_at`/`updated_at` and `timeline`), both pagination namings.
struct ExchangeOrdersTranslation: LegacyTranslation {
    static let name = "exchange.orders"
    static let reads = MappingReads.list(shape: "order", fields: ["status"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let records = try await call.v4(
            V4API.Inventory.exchangeRecords, .init(page: call.pageQuery, status: call.filter("status")))
        return LegacyReply(
            data: .object(LegacyList.data(
                records.records.map { call.shaped("order", from: LegacyOrderView.make($0)) }, pagination: records.pagination,
                route: call.route)))
    }
}
