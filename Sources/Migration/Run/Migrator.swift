#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs a migration: each table streamed from the source, converted row by row, written in
/// batches that commit together with the table's checkpoint; then the accounts are derived and
/// the target verified.
public final class Migrator {
    public let source: any LegacySource
    public let target: any MigrationTarget
    public let options: MigrationOptions
    private var context: ConversionContext
    private weak var observer: (any MigrationObserver)?

    public init(
        source: any LegacySource, target: any MigrationTarget, rules: ConversionRules, dates: LegacyDateTime,
        options: MigrationOptions, observer: (any MigrationObserver)? = nil
    ) {
        self.source = source
        self.target = target
        self.options = options
        self.context = ConversionContext(rules: rules, dates: dates)
        self.observer = observer
    }

    public func run() throws -> MigrationReport {
        let started = ContinuousClock.now
        try target.prepare()
        var committed: [LegacyTable: TableProgress] = [:]
        if options.resume {
            committed = try target.loadProgress(source: source.description)
        } else {
            try target.clearProgress()
        }
        let keptRejects = committed.values.map(\.rejectFileOffset).max() ?? 0
        let rejects = try options.rejectFile.map { try RejectFile(path: $0, keeping: keptRejects) }
        context.roleIds = try target.roleIds()

        var finished: [TableProgress] = []
        for table in LegacyTable.allCases where options.tables.contains(table) {
            var progress = committed[table] ?? TableProgress(table: table)
            if progress.completed {
                observer?.tableFinished(progress, skipped: true)
                finished.append(progress)
                continue
            }
            if table != .users { context.knownUsers = try target.userIds() }
            observer?.tableStarted(table, estimatedRows: try source.estimatedRows(table), resumedAt: progress.read)
            try migrate(table, &progress, rejects: rejects)
            guard progress.balanced else {
                throw MigrationError.unbalanced(table: table.name, read: progress.read, written: progress.written,
                                                rejected: progress.rejected)
            }
            observer?.tableFinished(progress, skipped: false)
            finished.append(progress)
        }
        if options.tables.contains(.users) || options.tables.contains(.pointsRecords) {
            observer?.phase("deriving accounts")
            try target.deriveAccounts()
        }
        observer?.phase("verifying")
        let verification = try target.verify()
        let elapsed = ContinuousClock.now - started
        return MigrationReport(
            source: source.description, target: options.dryRun ? "(dry run)" : target.description, dryRun: options.dryRun,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            tables: finished, verification: verification)
    }

    private func migrate(_ table: LegacyTable, _ progress: inout TableProgress, rejects: RejectFile?) throws {
        let convert = Self.converter(for: table)
        let batchSize = max(1, options.batchSize)
        var batch: [TargetRow] = []
        batch.reserveCapacity(batchSize + 8)
        var rowsInBatch = 0
        var state = progress
        let context = self.context

        func commit() throws {
            try rejects?.flush()
            state.rejectFileOffset = rejects?.length ?? 0
            try target.commit(batch, progress: state, source: source.description)
            batch.removeAll(keepingCapacity: true)
            rowsInBatch = 0
            observer?.batchCommitted(state, fraction: source.scanFraction)
        }

        try source.scan(table, skip: state.read) { row in
            state.read += 1
            table.tally(row, into: &state)
            do throws(Rejection) {
                batch.append(contentsOf: try convert(row, context))
                state.written += 1
            } catch let rejection {
                rejects?.add(row, rejection)
                state.rejected += 1
                state.rejectsByReason[rejection.kind, default: 0] += 1
            }
            if let id = row.legacyId { state.lastLegacyId = id }
            rowsInBatch += 1
            if rowsInBatch >= batchSize { try commit() }
        }
        state.completed = true
        try commit()
        progress = state
    }

    typealias Converter = (LegacyRow, ConversionContext) throws(Rejection) -> [TargetRow]

    static func converter(for table: LegacyTable) -> Converter {
        switch table {
        case .users: UserConverter().convert
        case .products: ProductConverter().convert
        case .uploadReviews: UploadReviewConverter().convert
        case .pointsRecords: PointsRecordConverter().convert
        }
    }
}
