/// The tables the migrator writes as the V4 documentation (seed 003, "数据库模型参考") lists
/// them: what a V4 database is expected to have. The preflight compares a target with this list
/// and with what the migrator would write (`TargetTable`), so its report says both "V4 is
/// missing a documented column" and "the migrator has nowhere to put a legacy column".
public enum DocumentedV4Schema {
    public struct Table: Sendable {
        public let name: String
        /// Lines of the table in 003, for a reader checking the list.
        public let lines: ClosedRange<Int>
        public let columns: [String]
    }

    public static let tables: [Table] = [
        Table(name: "users", lines: 4448...4461,
              columns: ["user_id", "mobile", "nickname", "status", "consecutive_fail_count", "history_total_points",
                        "created_at", "last_login", "login_count"]),
        Table(name: "roles", lines: 4486...4501,
              columns: ["role_id", "role_uuid", "role_name", "role_level", "display_name", "description",
                        "permissions", "is_active", "is_system", "created_at", "updated_at"]),
        Table(name: "user_roles", lines: 4569...4580,
              columns: ["user_id", "role_id", "is_active", "assigned_by", "assigned_at", "created_at", "updated_at"]),
        Table(name: "user_points_accounts", lines: 4610...4621,
              columns: ["account_id", "user_id", "available_points", "total_earned", "total_consumed", "created_at",
                        "updated_at"]),
        Table(name: "points_records", lines: 4629...4644,
              columns: ["record_id", "user_id", "transaction_type", "points_amount", "balance_after", "business_type",
                        "source_type", "reference_id", "title", "description", "transaction_time"]),
        Table(name: "products", lines: 4696...4712,
              columns: ["product_id", "name", "description", "image", "category", "space", "exchange_points", "stock",
                        "original_price", "cost_price", "status", "created_at"]),
        Table(name: "image_resources", lines: 4769...4785,
              columns: ["resource_id", "user_id", "original_url", "thumbnail_url", "category", "description",
                        "review_status", "reviewed_by", "reviewed_at", "rejection_reason", "points_awarded",
                        "uploaded_at"]),
    ]

    public static func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
