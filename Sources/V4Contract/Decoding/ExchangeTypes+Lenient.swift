import BridgeKit

// What the bridge reads of V4's product and exchange answers (see LotteryTypes+Lenient.swift).

extension V4Product {
    /// 003 L2272-2310: `{id, name, category, space, exchange_points, image, available, …}`; stock is
    /// among what 003 hides from users (L2290-2294), so without it a product shows 1 left when
    /// available and 0 otherwise; ranking and delivery fields are our core's extensions.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4Product"
        let available = try c.decode(Bool.self, forKey: .available)
        self.init(
            id: try c.decode(Int64.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            description: try c.decodeIfPresent(String.self, forKey: .description), category: try c.decodeIfPresent(String.self, forKey: .category),
            space: try c.decodeIfPresent(String.self, forKey: .space) ?? "lucky", exchangePoints: try c.decode(Int.self, forKey: .exchangePoints),
            image: try c.decodeIfPresent(String.self, forKey: .image), available: available,
            status: try c.decodeIfPresent(String.self, forKey: .status) ?? "active",
            createdAt: try c.lenient(String.self, .createdAt, of: owner, ""), stock: try c.lenient(Int.self, .stock, of: owner, available ? 1 : 0),
            originalPrice: try c.decodeIfPresent(Double.self, forKey: .originalPrice), isHot: try c.lenient(Bool.self, .isHot, of: owner, false),
            sortOrder: try c.lenient(Int.self, .sortOrder, of: owner, 0), salesCount: try c.lenient(Int.self, .salesCount, of: owner, 0),
            discount: try c.decodeIfPresent(Int.self, forKey: .discount),
            deliveryType: try c.lenient(String.self, .deliveryType, of: owner, "physical"))
    }
}

extension V4Exchange {
    /// 003: the exchange answer (L2347-2370) `{exchange_id, product_id, product_name, quantity,
    /// points_cost, status, created_at}`, the records (L2394-2424) `{id, product_name, quantity,
    /// points_cost, status, status_text, created_at, can_cancel}`, the admin list (L3965-3991)
    /// adds `user_id`, `user_mobile`. The legacy order code and redemption code are our core's
    /// extensions: without them the V4 id stands for the order.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let owner = "V4Exchange"
        let exchangeId: Int64
        if let id = try c.decodeIfPresent(Int64.self, forKey: .exchangeId) {
            exchangeId = id
        } else {
            exchangeId = try c.decode(Int64.self, forKey: .id)
        }
        let quantity = try c.decode(Int.self, forKey: .quantity)
        let pointsCost = try c.decode(Int.self, forKey: .pointsCost)
        let status = try c.decode(V4ExchangeStatus.self, forKey: .status)
        let createdAt = try c.decode(String.self, forKey: .createdAt)
        self.init(
            exchangeId: exchangeId, orderCode: try c.lenient(String.self, .orderCode, of: owner, String(exchangeId)),
            userId: try c.decodeIfPresent(Int64.self, forKey: .userId), userMobile: try c.decodeIfPresent(String.self, forKey: .userMobile),
            productId: try c.lenient(Int64.self, .productId, of: owner, 0), productName: try c.decode(String.self, forKey: .productName),
            quantity: quantity, unitPoints: try c.lenient(Int.self, .unitPoints, of: owner, quantity > 0 ? pointsCost / quantity : pointsCost),
            pointsCost: pointsCost, status: status,
            canCancel: try c.decodeIfPresent(Bool.self, forKey: .canCancel) ?? (status == .pending),
            deliveryType: try c.lenient(String.self, .deliveryType, of: owner, "physical"),
            deliveryInfo: try c.decodeIfPresent(V4DeliveryInfo.self, forKey: .deliveryInfo), remark: try c.decodeIfPresent(String.self, forKey: .remark),
            exchangeCode: try c.lenient(String.self, .exchangeCode, of: owner, ""),
            trackingNumber: try c.decodeIfPresent(String.self, forKey: .trackingNumber), createdAt: createdAt,
            updatedAt: try c.decodeIfPresent(String.self, forKey: .updatedAt) ?? createdAt,
            processedAt: try c.decodeIfPresent(String.self, forKey: .processedAt), shippedAt: try c.decodeIfPresent(String.self, forKey: .shippedAt),
            deliveredAt: try c.decodeIfPresent(String.self, forKey: .deliveredAt), cancelledAt: try c.decodeIfPresent(String.self, forKey: .cancelledAt),
            estimatedDelivery: try c.decodeIfPresent(String.self, forKey: .estimatedDelivery))
    }
}

extension V4ExchangeCancellation {
    /// 003 L2451-2461: `{exchange_id, refunded_points, new_balance}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            exchangeId: try c.decode(Int64.self, forKey: .exchangeId), refundedPoints: try c.decode(Int.self, forKey: .refundedPoints),
            newBalance: try c.decode(Int.self, forKey: .newBalance), status: try c.decodeIfPresent(V4ExchangeStatus.self, forKey: .status) ?? .cancelled)
    }
}
