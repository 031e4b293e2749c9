/// products (CommodityPool) → products (Docs/migration.md "products").
public struct ProductConverter: Sendable {
    typealias C = ProductColumn

    public init() {}

    public func convert(_ row: LegacyRow, _ context: ConversionContext) throws(Rejection) -> [TargetRow] {
        var rules = ColumnRules(context, row: row)
        let productId = try rules.id(row[C.commodityId], "commodity_id")
        let name = try rules.nonEmpty(row[C.name], "name")
        let points = try rules.integer(row[C.exchangePoints], "exchange_points", minimum: 0)
        var stock = try rules.integer(row[C.stock], "stock")
        if stock < 0 {
            rules.extras.keep("stock", row[C.stock])
            stock = 0
        }
        var price: Double? = nil
        if !row[C.originalPrice].isNull {
            guard let value = LegacyMoney.double(row[C.originalPrice]) else { throw Rejection("original_price", "not a number") }
            price = value
        }
        let status = try rules.mapped(row[C.status], "status", context.rules.productStatus)
        let createdAt = try rules.requiredTime(row[C.createdAt], "created_at", fallback: row[C.updatedAt])
        let updatedAt = rules.optionalTime(row[C.updatedAt], "updated_at")
        return [
            TargetRow(.products, [
                .int(productId), .text(name), TargetValue(row[C.description].text), TargetValue(row[C.imageURL].text),
                TargetValue(row[C.category].text), .text("lucky"), .int(points), .int(stock), TargetValue(price),
                .text(status), .text(createdAt), TargetValue(try rules.flag(row[C.isHot], "is_hot")),
                .int(try rules.integer(row[C.sortOrder], "sort_order")),
                .int(try rules.integer(row[C.salesCount], "sales_count")),
                TargetValue(try rules.optionalInteger(row[C.discount], "discount")), TargetValue(updatedAt),
                rules.extras.column,
            ])
        ]
    }
}
