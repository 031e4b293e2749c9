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

    enum CodingKeys: String, CodingKey {
        case counts, statuses, sums, usersChecked = "users_checked", balanceDisagreements = "balance_disagreements"
    }

    public init() {}
}
