/// What the preflight found in a target before anything is written (`migrate --check`, and the
/// first step of every run): the tables as V4 has them, what the migrator needs and lacks, the
/// legacy rows that collide with V4's and what the run will do about each.
public struct MergePreflight: Codable, Sendable, Equatable {
    public struct TableCheck: Codable, Sendable, Equatable {
        public var name: String
        /// 003's lines for the table, when it documents it.
        public var documentedAt: String?
        public var present: Bool
        /// Columns 003 lists that the target does not have.
        public var documentedMissing: [String] = []
        /// Columns the migrator writes.
        public var written: [String] = []
        /// Columns the migrator has values for that the target lacks: kept in `legacy_extras`.
        public var keptAside: [String] = []
        /// NOT NULL columns without a default that the migrator has no value for.
        public var unfillable: [String] = []
    }

    public struct Collision: Codable, Sendable, Equatable {
        public var kind: String
        public var count: Int
        /// A few of them (`legacy 7 ↔ V4 2`), for the operator to look at.
        public var examples: [String]
        public var action: String
    }

    public var target: String
    /// `v4` (merge into V4's tables), `unified` (an earlier run's unified schema) or `empty`.
    public var kind: String
    public var tables: [TableCheck] = []
    public var roles: [String: Int64] = [:]
    public var collisions: [Collision] = []
    /// `legacy_id_map` rows per table from an earlier run.
    public var previouslyMapped: [String: Int] = [:]
    public var notes: [String] = []
    /// Problems that stop the run before it writes anything.
    public var blocking: [String] = []

    public init(target: String, kind: String) {
        self.target = target
        self.kind = kind
    }

    public var passed: Bool { blocking.isEmpty }

    public func render() -> String {
        var out = "preflight of \(target) (\(kind == "v4" ? "a V4 database: rows are merged in" : kind == "unified" ? "the unified schema of an earlier run" : "an empty database: the unified schema is created"))\n"
        for table in tables {
            out += "  \(table.name)\(table.documentedAt.map { " (003 \($0))" } ?? ""): "
            guard table.present else {
                out += "missing\n"
                continue
            }
            out += "writes \(table.written.count) columns"
            if !table.keptAside.isEmpty { out += "; kept in legacy_extras: \(table.keptAside.joined(separator: ", "))" }
            out += "\n"
            if !table.documentedMissing.isEmpty {
                out += "    documented in 003 but not in the target: \(table.documentedMissing.joined(separator: ", "))\n"
            }
            if !table.unfillable.isEmpty {
                out += "    NOT NULL without default, no value to write: \(table.unfillable.joined(separator: ", "))\n"
            }
        }
        if !roles.isEmpty {
            out += "  roles: " + roles.keys.sorted().map { "\($0)=\(roles[$0]!)" }.joined(separator: ", ") + "\n"
        }
        for collision in collisions {
            out += "  \(collision.kind): \(collision.count)"
            if !collision.examples.isEmpty { out += " (\(collision.examples.joined(separator: ", "))\(collision.count > collision.examples.count ? ", …" : ""))" }
            out += " → \(collision.action)\n"
        }
        if !previouslyMapped.isEmpty {
            out += "  earlier run: " + previouslyMapped.keys.sorted().map { "\($0) \(previouslyMapped[$0]!)" }.joined(separator: ", ")
                + " rows mapped; they are left as they are\n"
        }
        for note in notes { out += "  note: \(note)\n" }
        for problem in blocking { out += "  BLOCKING: \(problem)\n" }
        out += blocking.isEmpty ? "preflight passed\n" : "preflight failed: nothing was written\n"
        return out
    }
}

/// The target as it was before the first batch: V4's own rows, counted and summed, so the
/// verification can show they are unchanged. Written with the first batch and kept across
/// resumes and re-runs.
public struct MergeBaseline: Codable, Sendable, Equatable {
    /// UTC `YYYY-MM-DD HH:MM:SS`: the time stamped on rows the merge itself creates (carried-over
    /// balances, accounts), the same on every resume.
    public var takenAt: String
    public var counts: [String: Int]
    /// Count, sum and checksum of the balances of every account not of a merged user.
    public var balanceChecksum: String
    /// V4 user id → the balance of their accounts before the merge, for users the legacy
    /// history is merged into.
    public var mergedBalances: [String: Int64]

    enum CodingKeys: String, CodingKey {
        case takenAt = "taken_at", counts, balanceChecksum = "balance_checksum", mergedBalances = "merged_balances"
    }
}

/// The "after" of a merge: V4's own rows compared with the baseline, the merged users'
/// balances, and every migrated user's balance against their ledger.
public struct MergeVerification: Codable, Sendable, Equatable {
    public struct MergedUser: Codable, Sendable, Equatable {
        public var legacyId: Int64
        public var v4Id: Int64
        public var balanceBefore: Int64
        public var carried: Int64
        public var balanceAfter: Int64

        enum CodingKeys: String, CodingKey {
            case legacyId = "legacy_id", v4Id = "v4_id", balanceBefore = "balance_before", carried, balanceAfter = "balance_after"
        }

        public var holds: Bool { balanceAfter == balanceBefore + carried }
    }

    /// `legacy_id_map` rows per table (and per disposition: `users.merged`).
    public var mapped: [String: Int] = [:]
    public var v4CountsBefore: [String: Int] = [:]
    public var v4CountsAfter: [String: Int] = [:]
    public var balanceChecksumBefore = ""
    public var balanceChecksumAfter = ""
    public var mergedUsers: [MergedUser] = []
    public var carriedOver = 0
    /// Migrated users whose account does not equal the sum of their ledger (plus, for merged
    /// users, the balance they had).
    public var ledgerDisagreements: [Int64] = []

    enum CodingKeys: String, CodingKey {
        case mapped, v4CountsBefore = "v4_counts_before", v4CountsAfter = "v4_counts_after"
        case balanceChecksumBefore = "balance_checksum_before", balanceChecksumAfter = "balance_checksum_after"
        case mergedUsers = "merged_users", carriedOver = "carried_over", ledgerDisagreements = "ledger_disagreements"
    }

    public init() {}

    public var v4Unchanged: Bool { v4CountsBefore == v4CountsAfter && balanceChecksumBefore == balanceChecksumAfter }
    public var holds: Bool { v4Unchanged && mergedUsers.allSatisfy(\.holds) && ledgerDisagreements.isEmpty }
}
