import BridgeKit

/// The summary table per endpoint and the top differences, for a terminal or a CI log.
public enum TerminalReport {
    public static func render(_ report: DiffReport, top: Int = 20) -> String {
        var lines: [String] = []
        lines.append("primary: \(report.primaryLabel)  candidate: \(report.candidateLabel)"
            + (report.secondaryLabel.map { "  secondary: \($0)" } ?? ""))
        let header = ["endpoint", "requests", "identical", "differing", "noise-only", "errors", "skipped"]
        var rows = report.endpoints.map {
            [$0.endpoint, "\($0.requests)", "\($0.identical)", "\($0.differing)", "\($0.noiseOnly)", "\($0.errors)", "\($0.skipped)"]
        }
        let totals = report.endpoints.reduce(into: EndpointSummary(endpoint: "TOTAL")) {
            $0.requests += $1.requests; $0.identical += $1.identical; $0.differing += $1.differing
            $0.noiseOnly += $1.noiseOnly; $0.errors += $1.errors; $0.skipped += $1.skipped
        }
        rows.append(["TOTAL", "\(totals.requests)", "\(totals.identical)", "\(totals.differing)", "\(totals.noiseOnly)",
                     "\(totals.errors)", "\(totals.skipped)"])
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        func format(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        if let live = report.live {
            // Shadowed traffic: every request counted; the table below is the sample's.
            let liveHeader = ["live endpoint", "compared", "equal", "different", "noise-only", "errored", "dropped", "skipped", "ready"]
            let liveRows = live.map {
                [$0.endpoint, "\($0.compared)", "\($0.equal)", "\($0.different)", "\($0.noiseOnly)", "\($0.errored)", "\($0.dropped)",
                 "\($0.skipped)", $0.ready ? "ready" : "-"]
            }
            let liveWidths = liveHeader.indices.map { column in ([liveHeader] + liveRows).map { $0[column].count }.max()! }
            for row in [liveHeader, liveWidths.map { String(repeating: "-", count: $0) }] + liveRows {
                lines.append(row.enumerated().map { column, cell in
                    column == 0 ? cell.padding(toLength: liveWidths[0], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: liveWidths[column] - cell.count) + cell
                }.joined(separator: "  "))
            }
            lines.append("")
            lines.append("sample of differing answers:")
        }
        lines.append(format(header))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        rows.forEach { lines.append(format($0)) }

        let problems = report.results.filter { $0.outcome == .differing || $0.outcome == .error }
        if !problems.isEmpty {
            lines.append("")
            lines.append("top differences:")
            for result in problems.prefix(top) {
                lines.append("  #\(result.id) \(result.endpoint) — \(result.name)")
                if let note = result.note, result.outcome == .error { lines.append("      error: \(note)") }
                for difference in result.differences.prefix(5) { lines.append("      " + describe(difference)) }
                if result.differences.count > 5 { lines.append("      … \(result.differences.count - 5) more") }
                if let curl = result.curl.first(where: { $0.0 == report.candidateLabel }) { lines.append("      \(curl.1)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    public static func describe(_ difference: Difference) -> String {
        let path = difference.path.isEmpty ? "(whole)" : difference.path
        let scope = difference.scope == .body ? "" : "[\(difference.scope.rawValue)] "
        let primary = difference.primary.map { short($0) } ?? "∅"
        let candidate = difference.candidate.map { short($0) } ?? "∅"
        return "\(scope)\(path) \(difference.kind.rawValue): \(primary) → \(candidate)"
    }

    static func short(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}
