import BridgeKit

/// What a run did and what the target holds afterwards (`--report`, and the printed summary).
public struct MigrationReport: Codable, Sendable {
    public var source: String
    public var target: String
    public var dryRun: Bool
    public var seconds: Double
    public var tables: [TableProgress]
    /// Seconds of the steps after the tables: rebuilding indexes, deriving accounts, verifying.
    public var phases: [String: Double]
    public var verification: TargetVerification
    /// What the target looked like before the run (MySQL/MariaDB targets).
    public var preflight: MergePreflight?

    enum CodingKeys: String, CodingKey {
        case source, target, dryRun = "dry_run", seconds, tables, phases, verification, preflight
    }

    /// `read = written + rejected` for every table.
    public var balanced: Bool { tables.allSatisfy(\.balanced) }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

extension LegacyTable {
    /// The column whose value distribution the report compares before and after.
    public var statusColumn: Int {
        switch self {
        case .users: UserColumn.status.rawValue
        case .products: ProductColumn.status.rawValue
        case .uploadReviews: UploadReviewColumn.reviewStatus.rawValue
        case .pointsRecords: PointsRecordColumn.type.rawValue
        }
    }

    /// Adds a legacy row to the "before" side of the verification.
    func tally(_ row: LegacyRow, into progress: inout TableProgress) {
        progress.legacyStatuses[row.values[statusColumn].text ?? "NULL", default: 0] += 1
        switch self {
        case .uploadReviews:
            progress.legacySums["points_awarded", default: 0] += row[UploadReviewColumn.pointsAwarded].integer ?? 0
        case .pointsRecords:
            let points = row[PointsRecordColumn.points].integer ?? 0
            progress.legacySums[(row[PointsRecordColumn.type].text ?? "") == "earn" ? "earn" : "spend", default: 0] += Int64(clamping: points.magnitude)
        case .users:
            progress.legacySums["total_points", default: 0] += row[UserColumn.totalPoints].integer ?? 0
        case .products:
            break
        }
    }
}
