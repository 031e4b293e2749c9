/// The SQL the targets share; only the upsert clause differs between SQLite and MySQL.
public enum SQLDialect: Sendable {
    case sqlite
    case mysql

    func quote(_ name: String) -> String {
        switch self {
        case .sqlite: "\"\(name)\""
        case .mysql: "`\(name)`"
        }
    }

    /// `INSERT … VALUES (?…)` that updates every non-key column when the key exists — but only a
    /// row the migrator wrote (`legacy_extras` not NULL): a V4 row holding the same id is left
    /// alone, and the target reports the legacy row as a conflict.
    func upsert(_ table: TargetTable) -> String {
        let columns = table.columns.map(quote).joined(separator: ", ")
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let updated = table.columns.filter { !table.key.contains($0) }
        return "INSERT INTO \(quote(table.name)) (\(columns)) VALUES (\(marks)) "
            + onConflict(key: table.key, update: updated, onlyMigrated: table.columns.contains(TargetTable.provenance) ? table.name : nil)
    }

    /// SQLite would walk the (user, time) index and fetch every row from the table; one
    /// sequential scan and a sort is several times faster for whole-table aggregates.
    var sequentialScan: String {
        switch self {
        case .sqlite: "NOT INDEXED"
        case .mysql: ""
        }
    }

    /// With `onlyMigrated` (the table's name), rows without `legacy_extras` are not updated.
    func onConflict(key: [String], update: [String], onlyMigrated table: String? = nil) -> String {
        let marker = quote(TargetTable.provenance)
        switch self {
        case .sqlite:
            return "ON CONFLICT (\(key.map(quote).joined(separator: ", "))) DO UPDATE SET "
                + update.map { "\(quote($0)) = excluded.\(quote($0))" }.joined(separator: ", ")
                + (table.map { " WHERE \(quote($0)).\(marker) IS NOT NULL" } ?? "")
        case .mysql:
            // Assignments run left to right and `legacy_extras` is the last column, so every test
            // of the marker still sees the stored row's value.
            return "ON DUPLICATE KEY UPDATE " + update.map { column in
                table == nil ? "\(quote(column)) = VALUES(\(quote(column)))"
                    : "\(quote(column)) = IF(\(marker) IS NOT NULL, VALUES(\(quote(column))), \(quote(column)))"
            }.joined(separator: ", ")
        }
    }
}

enum MigrationSQL {
    /// Migrated users are those carrying the legacy `total_points`.
    static let migratedUser = "JSON_EXTRACT(u.legacy_extras, '$.total_points') IS NOT NULL"

    /// Users the migrator wrote: the only ones legacy rows may refer to.
    static let migratedUserIds = "SELECT user_id FROM users u WHERE \(migratedUser)"

    static let lastBalance = """
        (SELECT p.balance_after FROM points_records p WHERE p.user_id = u.user_id
         ORDER BY p.transaction_time DESC, p.record_id DESC LIMIT 1)
        """

    /// One account per migrated user from their ledger; times from the user row so re-runs
    /// write identical rows.
    static func deriveAccounts(_ dialect: SQLDialect) -> [String] {
        [
            """
            INSERT INTO user_points_accounts (user_id, available_points, total_earned, total_consumed, created_at, updated_at)
            SELECT x.user_id, CASE WHEN x.last_balance IS NULL OR x.last_balance < 0 THEN 0 ELSE x.last_balance END,
                   COALESCE(s.earned, 0), COALESCE(s.consumed, 0), x.created_at, x.created_at
            FROM (SELECT u.user_id, u.created_at, \(lastBalance) AS last_balance FROM users u WHERE \(migratedUser)) x
            LEFT JOIN (SELECT user_id,
                              SUM(CASE WHEN transaction_type = 'earn' THEN points_amount ELSE 0 END) AS earned,
                              SUM(CASE WHEN transaction_type = 'consume' THEN points_amount ELSE 0 END) AS consumed
                       FROM points_records \(dialect.sequentialScan) GROUP BY user_id) s ON s.user_id = x.user_id
            WHERE 1 = 1
            """ + " " + dialect.onConflict(key: ["user_id"], update: ["available_points", "total_earned", "total_consumed",
                                                                    "created_at", "updated_at"]),
            """
            UPDATE users SET history_total_points =
              COALESCE((SELECT a.total_earned FROM user_points_accounts a WHERE a.user_id = users.user_id), 0)
            WHERE JSON_EXTRACT(users.legacy_extras, '$.total_points') IS NOT NULL
            """,
        ]
    }

    /// Status distributions, each with the sum of the table's points column, one scan a table.
    static let distributions: [(table: String, column: String, points: String)] = [
        ("users", "status", "0"), ("image_resources", "review_status", "points_awarded"), ("products", "status", "0"),
        ("points_records", "transaction_type", "points_amount"),
    ]

    static let balances = """
        SELECT u.user_id, \(lastBalance) AS ledger, COALESCE(a.available_points, 0) AS account,
               CAST(JSON_EXTRACT(u.legacy_extras, '$.total_points') AS SIGNED) AS total_points
        FROM users u LEFT JOIN user_points_accounts a ON a.user_id = u.user_id
        WHERE \(migratedUser) ORDER BY u.user_id
        """
}
