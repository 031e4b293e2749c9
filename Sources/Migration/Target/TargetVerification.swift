/// What the target holds after a run, for the report's "after" side.
public struct TargetVerification: Codable, Sendable, Equatable {
    public struct BalanceDisagreement: Codable, Sendable, Equatable {
        public var userId: Int64
        /// `balance_after` of the user's last migrated record; nil when they have none.
        public var ledgerBalance: Int64?
        public var account: Int64
        public var totalPoints: Int64

        enum CodingKeys: String, CodingKey {
            case userId = "user_id", ledgerBalance = "ledger_balance", account, totalPoints = "total_points"
        }
    }

    public var counts: [String: Int] = [:]
    public var statuses: [String: [String: Int]] = [:]
    public var sums: [String: Int64] = [:]
    public var usersChecked = 0
    public var balanceDisagreements: [BalanceDisagreement] = []
    /// Set when the rows were merged into a V4 database.
    public var merge: MergeVerification?

    enum CodingKeys: String, CodingKey {
        case counts, statuses, sums, usersChecked = "users_checked", balanceDisagreements = "balance_disagreements", merge
    }

    public init() {}

    /// Runs the verification queries through `query` (which calls its body once per row):
    /// the same SQL for every target.
    static func collect(balances: Bool = true, _ query: (String, ([LegacyValue]) throws -> Void) throws -> Void) throws -> TargetVerification {
        var result = TargetVerification()
        for table in TargetTable.written {
            try query("SELECT COUNT(*) FROM \(table)") { result.counts[table] = Int($0[0].integer ?? 0) }
        }
        for (table, column, points) in MigrationSQL.distributions {
            var counts: [String: Int] = [:]
            try query("SELECT \(column), COUNT(*), SUM(\(points)) FROM \(table) GROUP BY \(column)") { row in
                let value = row[0].text ?? "NULL"
                counts[value] = Int(row[1].integer ?? 0)
                let sum = row[2].integer ?? 0
                switch (table, value) {
                case ("image_resources", _): result.sums["points_awarded", default: 0] += sum
                case ("points_records", "earn"), ("points_records", "consume"): result.sums[value, default: 0] += sum
                default: break
                }
            }
            result.statuses["\(table).\(column)"] = counts
        }
        for key in ["points_awarded", "earn", "consume"] where result.sums[key] == nil { result.sums[key] = 0 }
        try query("SELECT COALESCE(SUM(available_points), 0) FROM user_points_accounts") {
            result.sums["available_points"] = $0[0].integer ?? 0
        }
        guard balances else { return result }
        try query(MigrationSQL.balances) { row in
            result.usersChecked += 1
            let ledger = row[1].integer
            let account = row[2].integer ?? 0
            let total = row[3].integer ?? 0
            if (ledger ?? 0) != account || account != total {
                result.balanceDisagreements.append(.init(userId: row[0].integer ?? 0, ledgerBalance: ledger,
                                                         account: account, totalPoints: total))
            }
        }
        return result
    }
}
