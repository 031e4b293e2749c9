import Foundation

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
        // The first step of every run: nothing is written unless the target passes.
        let checked = ContinuousClock.now
        let preflight = try target.preflight(source)
        let preflightSeconds = (ContinuousClock.now - checked).seconds
        if let preflight {
            observer?.preflight(preflight)
            guard preflight.passed else { throw MigrationTargetError.preflight(preflight) }
        }
        try target.prepare()
        // Only the selected tables start over: `--only users` must not forget the ledger's
        // checkpoint (or its rejects' place in the file).
        var committed: [LegacyTable: TableProgress] = [:]
        if options.resume {
            committed = try target.loadProgress(source: source.identity).filter { options.tables.contains($0.key) }
        } else {
            try target.clearProgress(options.tables)
        }
        let keptRejects = committed.values.map(\.rejectFileOffset).max() ?? 0
        let rejects = try options.rejectFile.map { try RejectFile(path: $0, keeping: keptRejects) }
        context.roleIds = try target.roleIds()
        try target.beginBulkLoad()

        var finished: [TableProgress] = []
        do {
            for table in LegacyTable.allCases where options.tables.contains(table) {
                var progress = committed[table] ?? TableProgress(table: table)
                if progress.completed {
                    observer?.tableFinished(progress, skipped: true)
                    finished.append(progress)
                    continue
                }
                if table != .users { context.knownUsers = try target.userIds().union(options.referenceUsers) }
                observer?.tableStarted(table, estimatedRows: try source.estimatedRows(table), resumedAt: progress.read)
                try migrate(table, &progress, rejects: rejects)
                guard progress.balanced else {
                    throw MigrationError.unbalanced(table: table.name, read: progress.read, written: progress.written,
                                                    rejected: progress.rejected)
                }
                observer?.tableFinished(progress, skipped: false)
                finished.append(progress)
            }
        } catch {
            // Whatever happened, the core must not be left serving without its indexes.
            try? target.endBulkLoad()
            throw error
        }
        var phases: [String: Double] = preflight == nil ? [:] : ["preflight": preflightSeconds]
        func phase<T>(_ name: String, _ work: () throws -> T) rethrows -> T {
            observer?.phase(name)
            let start = ContinuousClock.now
            defer { phases[name] = (ContinuousClock.now - start).seconds }
            return try work()
        }
        try phase("building indexes") { try target.endBulkLoad() }
        if options.tables.contains(.users) || options.tables.contains(.pointsRecords) {
            try phase("deriving accounts") { try target.deriveAccounts() }
        }
        let verification = try phase("verifying") { try target.verify() }
        let elapsed = ContinuousClock.now - started
        return MigrationReport(
            source: source.description, target: options.dryRun ? "(dry run)" : target.description, dryRun: options.dryRun,
            seconds: elapsed.seconds, tables: finished, phases: phases, verification: verification, preflight: preflight)
    }

    /// One committed unit: the converted rows, the rows rejected, and the progress they bring.
    struct Batch {
        /// Per converted legacy row, its unified rows; `converted` holds the legacy rows alike.
        var groups: [[TargetRow]] = []
        var converted: [LegacyRow] = []
        var rejects: [(LegacyRow, Rejection)] = []
        var progress: TableProgress
        var fraction: Double?
    }

    /// Reading and converting run on their own thread while this one writes: on two cores the
    /// dump parser and SQLite each get one, and the bounded channel keeps memory flat.
    private func migrate(_ table: LegacyTable, _ progress: inout TableProgress, rejects: RejectFile?) throws {
        let channel = BatchChannel<Batch>(capacity: 3)
        let reader = BatchReader(source: source, table: table, start: progress, context: context,
                                 batchSize: max(1, options.batchSize), channel: channel)
        let thread = Thread { reader.run() }
        thread.stackSize = 8 << 20
        thread.start()
        defer {
            channel.cancel()
            channel.waitUntilFinished()
        }
        var clock = ContinuousClock.now
        while let batch = try channel.take() {
            var state = batch.progress
            try target.commit(batch.groups, source: source.identity) { outcome in
                state = batch.progress
                state.merged += outcome.merged
                var rejected = batch.rejects
                for index in outcome.rejections.keys.sorted() {
                    rejected.append((batch.converted[index], outcome.rejections[index]!))
                    state.written -= 1
                    state.rejected += 1
                    state.rejectsByReason[rejected.last!.1.kind, default: 0] += 1
                }
                for (row, rejection) in rejected { rejects?.add(row, rejection) }
                try rejects?.flush()
                state.rejectFileOffset = rejects?.length ?? 0
                let now = ContinuousClock.now
                state.seconds = progress.seconds + (now - clock).seconds
                return state
            }
            observer?.batchCommitted(state, fraction: batch.fraction)
            progress = state
            clock = .now
        }
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

/// The reading side of a table's migration: scans the source, converts each row and hands
/// batches to the writer. Touches nothing the writer uses (the source is its own).
private final class BatchReader: @unchecked Sendable {
    let source: any LegacySource
    let table: LegacyTable
    let start: TableProgress
    let context: ConversionContext
    let batchSize: Int
    let channel: BatchChannel<Migrator.Batch>

    init(source: any LegacySource, table: LegacyTable, start: TableProgress, context: ConversionContext, batchSize: Int,
         channel: BatchChannel<Migrator.Batch>) {
        self.source = source
        self.table = table
        self.start = start
        self.context = context
        self.batchSize = batchSize
        self.channel = channel
    }

    func run() {
        do {
            try read()
            channel.finish()
        } catch {
            channel.finish(error)
        }
    }

    private func read() throws {
        let convert = Migrator.converter(for: table)
        var batch = Migrator.Batch(progress: start)
        batch.groups.reserveCapacity(min(batchSize, 4096))
        var rowsInBatch = 0
        try source.scan(table, skip: start.read, after: start.read > 0 ? start.lastLegacyId : nil) { row in
            batch.progress.read += 1
            table.tally(row, into: &batch.progress)
            do throws(Rejection) {
                // Sources deliver ids in increasing order; a repeated id (INSERT IGNORE in a
                // hand-made dump, a SQLite copy without its key) would silently merge two rows.
                if let id = row.legacyId, let last = batch.progress.lastLegacyId, id <= last {
                    throw Rejection(table.primaryKey, "duplicate or out-of-order id")
                }
                batch.groups.append(try convert(row, context))
                batch.converted.append(row)
                batch.progress.written += 1
            } catch {
                batch.rejects.append((row, error))
                batch.progress.rejected += 1
                batch.progress.rejectsByReason[error.kind, default: 0] += 1
            }
            if let id = row.legacyId, id > batch.progress.lastLegacyId ?? .min { batch.progress.lastLegacyId = id }
            rowsInBatch += 1
            if rowsInBatch >= batchSize {
                batch.fraction = source.scanFraction
                try channel.put(batch)
                batch.groups.removeAll(keepingCapacity: true)
                batch.converted.removeAll(keepingCapacity: true)
                batch.rejects.removeAll()
                rowsInBatch = 0
            }
        }
        batch.progress.completed = true
        batch.fraction = 1
        try channel.put(batch)
    }
}

extension Duration {
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
