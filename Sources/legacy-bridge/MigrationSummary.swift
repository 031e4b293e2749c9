import Foundation
import Migration

/// The table printed at the end of `migrate`.
enum MigrationSummary {
    static func render(_ report: MigrationReport) -> String {
        var out = "\nMigration \(report.dryRun ? "(dry run) " : "")from \(report.source) to \(report.target)"
            + String(format: " in %.2f s\n\n", report.seconds)
        if let merge = report.verification.merge { return out + renderMerge(report, merge) }
        let rows = [["table", "read", "written", "rejected", "read = written + rejected", "seconds", "rows/s"]]
            + report.tables.map {
                [$0.table.name, "\($0.read)", "\($0.written)", "\($0.rejected)", $0.balanced ? "yes" : "NO",
                 String(format: "%.2f", $0.seconds), $0.seconds > 0 ? "\(Int(Double($0.read) / $0.seconds))" : "-"]
            }
        out += table(rows)
        out += "then " + report.phases.sorted { $0.key < $1.key }.map { String(format: "%@ %.2f s", $0.key, $0.value) }
            .joined(separator: ", ") + "\n"
        let rejects = report.tables.flatMap { progress in
            progress.rejectsByReason.sorted { $0.key < $1.key }.map { [progress.table.name, $0.key, "\($0.value)"] }
        }
        if !rejects.isEmpty { out += "\nRejected rows by reason\n" + table([["table", "reason", "rows"]] + rejects) }
        let verification = report.verification
        out += "\nTarget rows: " + TargetTable.written.map { "\($0) \(verification.counts[$0] ?? 0)" }.joined(separator: ", ")
        out += "\nPoints: earned \(verification.sums["earn"] ?? 0), consumed \(verification.sums["consume"] ?? 0), "
            + "awarded for photos \(verification.sums["points_awarded"] ?? 0), available \(verification.sums["available_points"] ?? 0)\n"
        out += "\nBefore → after\n" + table([["legacy", "read (before)", "unified", "in target (after)"]] + comparison(report))
        let disagreements = verification.balanceDisagreements
        out += "Balances: \(verification.usersChecked) users checked, \(disagreements.count) where the last balance_after, "
            + "the account and users.total_points differ"
        out += disagreements.isEmpty ? "\n" : " (listed in the JSON report)\n"
        for item in disagreements.prefix(10) {
            out += "  user \(item.userId): ledger \(item.ledgerBalance.map(String.init) ?? "none"), account \(item.account), "
                + "total_points \(item.totalPoints)\n"
        }
        if disagreements.count > 10 { out += "  … \(disagreements.count - 10) more\n" }
        return out
    }

    /// A merge into a V4 database: migrated, merged and rejected per table; V4's own rows before
    /// and after; the merged users' balances.
    static func renderMerge(_ report: MigrationReport, _ merge: MergeVerification) -> String {
        let rows = [["table", "read", "migrated", "merged", "rejected", "read = migrated + merged + rejected", "seconds"]]
            + report.tables.map {
                [$0.table.name, "\($0.read)", "\($0.written - $0.merged)", "\($0.merged)", "\($0.rejected)",
                 $0.balanced ? "yes" : "NO", String(format: "%.2f", $0.seconds)]
            }
        var out = table(rows)
        out += "then " + report.phases.sorted { $0.key < $1.key }.map { String(format: "%@ %.2f s", $0.key, $0.value) }
            .joined(separator: ", ") + "\n"
        let rejects = report.tables.flatMap { progress in
            progress.rejectsByReason.sorted { $0.key < $1.key }.map { [progress.table.name, $0.key, "\($0.value)"] }
        }
        if !rejects.isEmpty { out += "\nRejected rows by reason\n" + table([["table", "reason", "rows"]] + rejects) }
        let tables = merge.v4CountsBefore.keys.sorted()
        out += "\nV4's own rows" + (report.dryRun ? " (a dry run changes none)" : "") + "\n"
            + table([["table", "before", "after"]] + tables.map { [$0, "\(merge.v4CountsBefore[$0] ?? 0)", "\(merge.v4CountsAfter[$0] ?? 0)"] })
        out += "Balances of V4's accounts (merged users apart): before \(merge.balanceChecksumBefore), after \(merge.balanceChecksumAfter)"
            + (merge.v4Unchanged ? " — unchanged\n" : " — CHANGED\n")
        out += "Legacy balances carried over in one ledger row: \(merge.carriedOver) users\n"
        for user in merge.mergedUsers {
            out += "Merged legacy user \(user.legacyId) into V4 user \(user.v4Id): balance \(user.balanceBefore) + \(user.carried) = \(user.balanceAfter)"
                + (user.holds ? "\n" : " — DOES NOT HOLD\n")
        }
        if !merge.ledgerDisagreements.isEmpty {
            out += "Accounts that differ from their ledger (legacy ids): \(merge.ledgerDisagreements.prefix(20).map(String.init).joined(separator: ", "))\n"
        } else if !report.dryRun {
            out += "Every migrated user's account equals their ledger\n"
        }
        return out
    }

    /// Status distributions and point sums of the legacy rows read next to the target's.
    static func comparison(_ report: MigrationReport) -> [[String]] {
        let after = report.verification
        func render(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.key.isEmpty ? "''" : $0.key) \($0.value)" }.joined(separator: ", ")
        }
        var rows: [[String]] = []
        let statusTargets: [LegacyTable: String] = [
            .users: "users.status", .products: "products.status", .uploadReviews: "image_resources.review_status",
            .pointsRecords: "points_records.transaction_type",
        ]
        for progress in report.tables {
            let target = statusTargets[progress.table]!
            rows.append(["\(progress.table.name).\(progress.table.columns[progress.table.statusColumn])",
                         render(progress.legacyStatuses), target, render(after.statuses[target] ?? [:])])
        }
        if let reviews = report.tables.first(where: { $0.table == .uploadReviews }) {
            rows.append(["sum points_awarded", "\(reviews.legacySums["points_awarded"] ?? 0)", "sum points_awarded",
                         "\(after.sums["points_awarded"] ?? 0)"])
        }
        if let ledger = report.tables.first(where: { $0.table == .pointsRecords }) {
            rows.append(["sum |points| earn / spend", "\(ledger.legacySums["earn"] ?? 0) / \(ledger.legacySums["spend"] ?? 0)",
                         "sum earn / consume", "\(after.sums["earn"] ?? 0) / \(after.sums["consume"] ?? 0)"])
        }
        return rows
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                Int(cell) == nil ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
            return index == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n") + "\n"
    }
}
