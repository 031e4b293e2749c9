/// Hears about a run as it goes (the CLI draws a progress bar or prints lines).
public protocol MigrationObserver: AnyObject {
    func tableStarted(_ table: LegacyTable, estimatedRows: Int?, resumedAt: Int)
    /// After each committed batch; `fraction` comes from the source when it knows it.
    func batchCommitted(_ progress: TableProgress, fraction: Double?)
    func tableFinished(_ progress: TableProgress, skipped: Bool)
    func phase(_ name: String)
    /// The target's preflight, before anything is written.
    func preflight(_ report: MergePreflight)
}

extension MigrationObserver {
    public func preflight(_ report: MergePreflight) {}
}
