/// users → users + user_roles (Docs/migration.md "users"). Accounts are derived after the ledger.
public struct UserConverter: Sendable {
    typealias C = UserColumn

    public init() {}

    public func convert(_ row: LegacyRow, _ context: ConversionContext) throws(Rejection) -> [TargetRow] {
        var rules = ColumnRules(context, row: row)
        let userId = try rules.id(row[C.userId], "user_id")
        let mobile = try rules.nonEmpty(row[C.mobile], "mobile", trimmed: true)
        let status = try rules.mapped(row[C.status], "status", context.rules.userStatus)
        let createdAt = try rules.requiredTime(row[C.createdAt], "created_at", fallback: row[C.updatedAt])
        let updatedAt = rules.optionalTime(row[C.updatedAt], "updated_at")
        let lastLogin = rules.optionalTime(row[C.lastLogin], "last_login")
        let totalPoints = try rules.integer(row[C.totalPoints], "total_points")
        let merchant = try rules.flag(row[C.isMerchant], "is_merchant")
        rules.extras.keep("total_points", .integer(totalPoints))
        // A target without a merchant role (V4 has none; it is the bridge's) keeps the flag here.
        if merchant && context.roleIds["merchant"] == nil { rules.extras.keep("is_merchant", .integer(1)) }

        var rows = [
            TargetRow(.users, [
                .int(userId), .text(mobile), TargetValue(row[C.nickname].text), .text(status),
                TargetValue(row[C.avatar].text), TargetValue(lastLogin), .text(createdAt), TargetValue(updatedAt),
                rules.extras.column,
            ])
        ]
        for role in merchant ? ["user", "merchant"] : ["user"] {
            guard let roleId = context.roleIds[role] else { continue }
            // Times come from the row, never the clock, so every run writes the same bytes.
            rows.append(TargetRow(.userRoles, [.int(userId), .int(roleId), .int(1), .text(createdAt), .text(createdAt),
                                               .text(createdAt)]))
        }
        return rows
    }
}
