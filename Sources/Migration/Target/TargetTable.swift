/// A unified-schema table the migrator writes: its columns in binding order and the key a
/// re-run upserts on (the kept legacy id), which is what makes a re-run idempotent.
public struct TargetTable: Sendable, Hashable {
    public let name: String
    public let columns: [String]
    public let key: [String]

    public static let users = TargetTable(
        name: "users",
        columns: ["user_id", "mobile", "nickname", "status", "avatar_url", "last_login", "created_at", "updated_at",
                  "legacy_extras"],
        key: ["user_id"])

    public static let userRoles = TargetTable(
        name: "user_roles",
        columns: ["user_id", "role_id", "is_active", "assigned_at", "created_at", "updated_at"],
        key: ["user_id", "role_id"])

    public static let products = TargetTable(
        name: "products",
        columns: ["product_id", "name", "description", "image", "category", "space", "exchange_points", "stock",
                  "original_price", "status", "created_at", "is_hot", "sort_order", "sales_count", "discount",
                  "updated_at", "legacy_extras"],
        key: ["product_id"])

    public static let imageResources = TargetTable(
        name: "image_resources",
        columns: ["resource_id", "upload_id", "user_id", "original_url", "thumbnail_url", "category", "description",
                  "review_status", "reviewed_by", "reviewed_at", "rejection_reason", "points_awarded", "uploaded_at",
                  "amount_cents", "actual_amount_cents", "original_filename", "file_size", "updated_at",
                  "legacy_extras"],
        key: ["resource_id"])

    public static let pointsRecords = TargetTable(
        name: "points_records",
        columns: ["record_id", "user_id", "transaction_type", "points_amount", "balance_before", "balance_after",
                  "business_type", "source_type", "reference_id", "title", "description", "transaction_time",
                  "legacy_extras"],
        key: ["record_id"])

    /// The column whose presence marks a row as written by the migrator (`{}` at least): V4
    /// code never sets it, so a re-run never overwrites a row V4 created under the same id.
    public static let provenance = "legacy_extras"

    /// Every table the migrator writes, for verification and checksums.
    public static let written: [String] = ["users", "user_roles", "user_points_accounts", "products", "image_resources",
                                           "points_records"]
}

/// One converted row, values in `table.columns` order.
public struct TargetRow: Sendable, Equatable {
    public let table: TargetTable
    public let values: [TargetValue]

    public init(_ table: TargetTable, _ values: [TargetValue]) {
        precondition(values.count == table.columns.count, "\(table.name) row needs \(table.columns.count) values")
        self.table = table
        self.values = values
    }

    public subscript(column: String) -> TargetValue? {
        table.columns.firstIndex(of: column).map { values[$0] }
    }
}
