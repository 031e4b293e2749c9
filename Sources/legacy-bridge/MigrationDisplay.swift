import Foundation
import Migration

/// Progress of a migration on stderr: a redrawn bar with rows/s and ETA on a terminal, one line
/// per batch-thousand otherwise (logs stay readable).
final class MigrationDisplay: MigrationObserver {
    private let terminal: Bool
    private var started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var estimated: Int?
    private var resumedAt = 0
    private var lastLine = 0

    init(terminal: Bool) { self.terminal = terminal }

    func tableStarted(_ table: LegacyTable, estimatedRows: Int?, resumedAt: Int) {
        started = .now
        estimated = estimatedRows
        self.resumedAt = resumedAt
        lastLine = resumedAt
        let resumed = resumedAt > 0 ? " (resuming after row \(resumedAt))" : ""
        emit("\(table.name): migrating\(resumed)\n")
    }

    func batchCommitted(_ progress: TableProgress, fraction: Double?) {
        let now = ContinuousClock.now
        let seconds = max(1e-3, (now - started).seconds)
        let rate = Double(progress.read - resumedAt) / seconds
        let share = fraction ?? estimated.map { $0 > 0 ? Double(progress.read) / Double($0) : 1 }
        if terminal {
            guard now - lastDraw > .milliseconds(100) || progress.completed else { return }
            lastDraw = now
            let width = 30
            let filled = Int((share ?? 0).clamped * Double(width))
            let bar = share == nil ? String(repeating: "·", count: width)
                : String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let eta = share.flatMap { $0 > 0.001 ? seconds * (1 - $0.clamped) / $0.clamped : nil }
            emit("\r\u{1B}[2K  \(progress.table.name) \(bar) \(progress.read) rows  \(Int(rate)) rows/s"
                 + (eta.map { "  ETA \(Self.duration($0))" } ?? ""))
        } else if progress.read - lastLine >= 100_000 || progress.completed {
            lastLine = progress.read
            emit("  \(progress.table.name): \(progress.read) rows read, \(Int(rate)) rows/s"
                 + (share.map { String(format: ", %.0f%%", $0.clamped * 100) } ?? "") + "\n")
        }
    }

    func tableFinished(_ progress: TableProgress, skipped: Bool) {
        if terminal && !skipped { emit("\n") }
        if skipped { emit("\(progress.table.name): already complete (checkpoint)\n") }
    }

    func phase(_ name: String) { emit("\(name)…\n") }

    private func emit(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}

extension Double {
    fileprivate var clamped: Double { Swift.min(1, Swift.max(0, self)) }
}
