import V4Contract
import BridgeKit
import GRDB
import ServerKit

/// Points for goods. An exchange is one write transaction: product active → stock → balance →
/// stock and sales, order row, ledger debit (reference = the order id), inventory item.
/// Cancelling (the user while pending, an admin before shipment) undoes all of it, once.
public struct ExchangeService: Sendable {
    let database: CoreDatabase
    let clock: @Sendable () -> Date

    /// Physical goods are expected within this many days (D1-B "3-5个工作日": the later end).
    public static let deliveryDays = 5

    let events: any EventBus

    public init(database: CoreDatabase, events: any EventBus, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.events = events
        self.clock = clock
    }

    // MARK: Exchange

    public func exchange(_ request: V4ExchangeRequest, for identity: Identity) async throws -> V4ExchangeResult {
        let now = clock()
        let exchangeCode = Self.exchangeCode()
        let result = try await database.write { db in
            guard let productId = request.productId,
                let product = try ProductRecord.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM products WHERE product_id = ?"), arguments: [productId])
            else { throw V4Error(.productNotFound) }
            guard product.status == .active else {
                throw V4Error(.productInactive, data: ["product_id": .int(productId), "status": .string(product.status.rawValue)])
            }
            let quantity = request.quantity
            guard product.stock >= quantity else {
                throw V4Error(
                    .productOutOfStock, "商品库存不足，剩余\(product.stock)件",
                    data: ["available_stock": .int(Int64(product.stock)), "requested_quantity": .int(Int64(quantity))])
            }
            // Prices are bounded by the schema and quantities by the input: the product fits an Int.
            let (total, overflow) = product.exchangePoints.multipliedReportingOverflow(by: quantity)
            guard !overflow else { throw V4Error(.invalidParameter, "兑换数量过大") }
            let balance = try PointsLedger.account(for: identity.userId, in: db, at: now).availablePoints
            guard balance >= total else {
                throw V4Error(
                    .insufficientPoints, "积分不足，需要\(total)积分，当前\(balance)积分",
                    data: [
                        "required_points": .int(Int64(total)), "current_points": .int(Int64(balance)),
                        "shortage_points": .int(Int64(total - balance)),
                    ])
            }
            try db.cachedStatement(sql: """
                UPDATE products SET stock = stock - ?1, sales_count = sales_count + ?1, updated_at = ?2 WHERE product_id = ?3
                """).execute(arguments: [quantity, now, productId])

            let virtual = product.deliveryType == "virtual"
            let orderCode = try Self.nextOrderCode(at: now, in: db)
            var order = ExchangeRecord(
                orderCode: orderCode, userId: identity.userId, productId: productId, productName: product.name,
                quantity: quantity, pointsCost: total, status: virtual ? .completed : .pending,
                deliveryInfo: request.delivery.flatMap { $0.isEmpty ? nil : $0.json.serialized() }, createdAt: now,
                completedAt: virtual ? now : nil, unitPoints: product.exchangePoints, exchangeCode: exchangeCode,
                remark: request.remark, deliveryType: product.deliveryType, updatedAt: now,
                estimatedDelivery: virtual ? nil : now.addingTimeInterval(Double(Self.deliveryDays) * 86_400))
            try order.insert(db)
            if total > 0 {
                try PointsLedger.post(
                    PointsEntry(
                        userId: identity.userId, direction: .consume, amount: total, businessType: "product_exchange",
                        sourceType: "exchange", referenceId: orderCode, title: "兑换商品",
                        description: "兑换\(product.name)×\(quantity)消耗\(total)积分"),
                    in: db, at: now)
            }
            var item = UserInventoryRecord(
                userId: identity.userId, name: product.name, type: "exchange", value: "\(product.name)×\(quantity)",
                status: .available, sourceType: "exchange", referenceId: orderCode, acquiredAt: now,
                verificationCode: exchangeCode, transferCount: 0, maxTransfers: 0)
            try item.insert(db)
            order.inventoryId = item.inventoryId
            try db.cachedStatement(sql: "UPDATE exchange_records SET inventory_id = ? WHERE exchange_id = ?")
                .execute(arguments: [item.inventoryId, order.exchangeId])
            return V4ExchangeResult(
                exchange: Self.payload(order, canCancel: !virtual, forAdmin: false),
                inventoryItem: .init(id: item.inventoryId!, name: item.name, type: item.type, status: item.status.rawValue),
                remainingPoints: balance - total, remainingStock: product.stock - quantity)
        }
        // Committed: the stock for everyone watching the product, the debit for the buyer.
        events.publish(V4Event.afterExchange(result, userId: identity.userId, at: now))
        return result
    }

    // MARK: Records

    public func records(of userId: Int64, page: V4PageQuery, status: String?) async throws -> V4ExchangeRecords {
        try await database.read { db in
            let filter = "user_id = ?1 AND (?2 IS NULL OR status = ?2)"
            let total = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM exchange_records WHERE \(filter)"), arguments: [userId, status]) ?? 0
            let rows = try ExchangeRecord.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM exchange_records WHERE \(filter)
                    ORDER BY created_at DESC, exchange_id DESC LIMIT ?3 OFFSET ?4
                    """), arguments: [userId, status, page.limit, page.offset])
            return V4ExchangeRecords(
                records: rows.map { Self.payload($0, canCancel: $0.status == .pending, forAdmin: false) },
                pagination: page.pagination(total: total))
        }
    }

    public func adminList(page: V4PageQuery, status: String?, userId: Int64?) async throws -> V4AdminExchanges {
        try await database.read { db in
            let filter = "(?1 IS NULL OR e.status = ?1) AND (?2 IS NULL OR e.user_id = ?2)"
            let total = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM exchange_records e WHERE \(filter)"), arguments: [status, userId]) ?? 0
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT e.*, u.mobile AS user_mobile FROM exchange_records e JOIN users u ON u.user_id = e.user_id
                    WHERE \(filter) ORDER BY e.created_at DESC, e.exchange_id DESC LIMIT ?3 OFFSET ?4
                    """), arguments: [status, userId, page.limit, page.offset])
            return V4AdminExchanges(
                exchanges: try rows.map { row in
                    let record = try ExchangeRecord(row: row)
                    var payload = Self.payload(record, canCancel: Self.adminMayCancel(record.status), forAdmin: true)
                    payload.userMobile = (row["user_mobile"] as String?).map(MobileNumber.masked)
                    return payload
                },
                pagination: page.pagination(total: total))
        }
    }

    // MARK: Lifecycle

    /// The owner cancels a pending order: refund, restock, the item removed, in one transaction.
    public func cancel(exchangeId: Int64, by caller: Identity) async throws -> V4ExchangeCancellation {
        let now = clock()
        let undone = try await database.write { db in
            let order = try Self.order(exchangeId, in: db)
            guard order.userId == caller.userId || caller.isAdmin else { throw V4Error(.exchangeNotFound) }
            guard order.status == .pending else {
                throw V4Error(
                    .exchangeCannotCancel, "只有待发货的兑换可以取消", data: ["status": .string(order.status.rawValue)])
            }
            return try Self.undo(order, at: now, in: db)
        }
        events.publish(undone.events)
        return V4ExchangeCancellation(exchangeId: exchangeId, refundedPoints: undone.refund, newBalance: undone.balance)
    }

    /// An admin moves an order forward (`shipped` needs a tracking number), or cancels it
    /// before shipment (refunded as the user's cancel is).
    public func updateStatus(_ request: V4ExchangeStatusRequest, by admin: Identity) async throws -> V4ExchangeStatusChange {
        guard admin.isAdmin else { throw V4Error(.adminOnly) }
        guard let target = request.status.flatMap(V4ExchangeStatus.init(rawValue:)) else {
            throw V4Error(.invalidParameter, "参数 status 无效")
        }
        let now = clock()
        let (change, raised) = try await database.write { db -> (V4ExchangeStatusChange, [V4Event]) in
            var order = try Self.order(request.exchangeId, in: db)
            let current = order.status
            let refused = V4Error(
                .exchangeStatusInvalid, "订单状态不可从\(current.text)变为\(target.text)",
                data: ["current_status": .string(current.rawValue), "requested_status": .string(target.rawValue)])
            if target == .cancelled {
                guard Self.adminMayCancel(order.status) else { throw refused }
                let undone = try Self.undo(order, at: now, in: db, notes: request.notes)
                return (V4ExchangeStatusChange(
                    exchangeId: request.exchangeId, status: .cancelled, previousStatus: current,
                    trackingNumber: order.trackingNumber, updatedAt: Timestamp.beijing(now), refundedPoints: undone.refund), undone.events)
            }
            guard target.step > current.step, target != .pending else { throw refused }
            if let tracking = request.trackingNumber { order.trackingNumber = tracking }
            if target == .shipped, order.trackingNumber == nil {
                throw V4Error(.missingParameter, "发货时必须填写物流单号 tracking_number")
            }
            order.status = target
            order.updatedAt = now
            if target.step >= V4ExchangeStatus.processing.step, order.processedAt == nil { order.processedAt = now }
            if target == .shipped || target == .delivered, order.shippedAt == nil { order.shippedAt = now }
            if target.isFinal {
                order.completedAt = now
                order.deliveredAt = now
            }
            if let notes = request.notes { order.adminNotes = notes }
            try order.update(db)
            return (V4ExchangeStatusChange(
                exchangeId: request.exchangeId, status: target, previousStatus: current, trackingNumber: order.trackingNumber,
                updatedAt: Timestamp.beijing(now)), [])
        }
        events.publish(raised)
        return change
    }

    // MARK: Helpers

    static func adminMayCancel(_ status: V4ExchangeStatus) -> Bool {
        status == .pending || status == .processing
    }

    static func order(_ exchangeId: Int64, in db: Database) throws -> ExchangeRecord {
        guard let order = try ExchangeRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM exchange_records WHERE exchange_id = ?"), arguments: [exchangeId])
        else { throw V4Error(.exchangeNotFound) }
        return order
    }

    /// What undoing an order did, and the events to raise once its transaction has committed.
    struct Undone {
        var refund: Int
        var balance: Int
        var events: [V4Event]
    }

    /// Marks the order cancelled, restocks, removes its item and refunds; the caller has checked
    /// the status inside the same transaction, so a second cancel finds it cancelled.
    static func undo(_ order: ExchangeRecord, at now: Date, in db: Database, notes: String? = nil) throws -> Undone {
        if let itemId = order.inventoryId,
            let status = try String.fetchOne(
                db.cachedStatement(sql: "SELECT status FROM user_inventories WHERE inventory_id = ?"), arguments: [itemId]),
            status != "available"
        {
            throw V4Error(.exchangeCannotCancel, "兑换物品已使用，不可取消", data: ["item_status": .string(status)])
        }
        var cancelled = order
        cancelled.status = .cancelled
        cancelled.cancelledAt = now
        cancelled.updatedAt = now
        if let notes { cancelled.adminNotes = notes }
        try cancelled.update(db)
        try db.cachedStatement(sql: """
            UPDATE products SET stock = stock + ?1, sales_count = MAX(sales_count - ?1, 0), updated_at = ?2 WHERE product_id = ?3
            """).execute(arguments: [order.quantity, now, order.productId])
        if let itemId = order.inventoryId {
            try db.cachedStatement(sql: "DELETE FROM user_inventories WHERE inventory_id = ?").execute(arguments: [itemId])
        }
        let stock = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT stock FROM products WHERE product_id = ?"), arguments: [order.productId])
        let restocked = V4Event.stockChanged(V4StockChange(
            productId: order.productId, productName: order.productName, stock: stock, change: order.quantity, operation: .restock,
            at: now))
        guard order.pointsCost > 0 else {
            return Undone(refund: 0, balance: try PointsLedger.account(for: order.userId, in: db, at: now).availablePoints, events: [restocked])
        }
        let row = try PointsLedger.post(
            PointsEntry(
                userId: order.userId, direction: .earn, amount: order.pointsCost, businessType: "exchange_refund",
                sourceType: "exchange", referenceId: order.orderCode, title: "兑换退还",
                description: "取消兑换\(order.productName)×\(order.quantity)退还\(order.pointsCost)积分"),
            in: db, at: now)
        let refunded = V4Event.pointsChanged(V4PointsChange(
            userId: order.userId, balanceBefore: row.balanceAfter - order.pointsCost, balanceAfter: row.balanceAfter,
            reason: row.title, source: "refund", at: now))
        return Undone(refund: order.pointsCost, balance: row.balanceAfter, events: [restocked, refunded])
    }

    /// `EX` + the Beijing date + a four-digit (or longer) sequence of that day.
    static func nextOrderCode(at now: Date, in db: Database) throws -> String {
        let prefix = "EX" + Timestamp.beijingDay(now).replacingOccurrences(of: "-", with: "")
        let last = try String.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(order_code) FROM exchange_records WHERE order_code > ? AND order_code < ?"),
            arguments: [prefix, prefix + "~"])
        let sequence = (last.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0) + 1
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(4 - digits.count, 0)) + digits
    }

    /// D0's `exchange_code` (`EX123456789`): nine random digits.
    static func exchangeCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return "EX" + String(Int.random(in: 100_000_000...999_999_999, using: &generator))
    }

    static func payload(_ row: ExchangeRecord, canCancel: Bool, forAdmin: Bool) -> V4Exchange {
        let status = row.status
        let shipped = status.step >= V4ExchangeStatus.shipped.step && status != .cancelled
        let delivery = row.deliveryInfo.flatMap { text in
            (try? JSONValue.parse(Array(text.utf8))).flatMap { try? V4DeliveryInfo($0, field: "delivery_info") }
        }
        return V4Exchange(
            exchangeId: row.exchangeId!, orderCode: row.orderCode ?? "EX\(row.exchangeId!)", userId: forAdmin ? row.userId : nil,
            productId: row.productId, productName: row.productName, quantity: row.quantity,
            unitPoints: row.unitPoints ?? row.pointsCost / max(row.quantity, 1), pointsCost: row.pointsCost, status: status,
            canCancel: canCancel, deliveryType: row.deliveryType, deliveryInfo: delivery, remark: row.remark,
            exchangeCode: row.exchangeCode ?? "", trackingNumber: forAdmin || shipped ? row.trackingNumber : nil,
            createdAt: Timestamp.beijing(row.createdAt), updatedAt: Timestamp.beijing(row.updatedAt ?? row.createdAt),
            processedAt: row.processedAt.map(Timestamp.beijing), shippedAt: row.shippedAt.map(Timestamp.beijing),
            deliveredAt: row.deliveredAt.map(Timestamp.beijing), cancelledAt: row.cancelledAt.map(Timestamp.beijing),
            estimatedDelivery: row.estimatedDelivery.map(Timestamp.beijing))
    }
}
