/// `diff --match-profiles`: the same recordings replayed once per client profile; per endpoint,
/// how many requests each profile answered like the old backend, and the best one, so an
/// operator pins profiles from their own traffic.
public enum ProfileMatchReport {
    public struct Row: Sendable, Equatable {
        public var endpoint: String
        /// Profile → (requests answered as recorded: identical or noise only, requests).
        public var matches: [String: (matched: Int, total: Int)]
        public var best: String?

        public static func == (a: Row, b: Row) -> Bool {
            a.endpoint == b.endpoint && a.best == b.best
                && a.matches.keys.sorted() == b.matches.keys.sorted()
                && a.matches.allSatisfy { key, value in b.matches[key].map { $0 == value } ?? false }
        }
    }

    /// One row per endpoint; the best profile matches most requests (ties: the earlier profile
    /// in `reports`' order, `union` first); nil when none matches any.
    public static func rows(_ reports: [(profile: String, report: DiffReport)]) -> [Row] {
        var rows: [String: Row] = [:]
        var order: [String] = []
        for (profile, report) in reports {
            for summary in report.endpoints {
                if rows[summary.endpoint] == nil {
                    rows[summary.endpoint] = Row(endpoint: summary.endpoint, matches: [:], best: nil)
                    order.append(summary.endpoint)
                }
                rows[summary.endpoint]!.matches[profile] = (summary.identical + summary.noiseOnly, summary.requests - summary.skipped)
            }
        }
        return order.sorted().map { endpoint in
            var row = rows[endpoint]!
            var best: (String, Int)?
            for (profile, _) in reports {
                guard let (matched, _) = row.matches[profile], matched > 0 else { continue }
                if best == nil || matched > best!.1 { best = (profile, matched) }
            }
            row.best = best?.0
            return row
        }
    }

    public static func render(_ reports: [(profile: String, report: DiffReport)]) -> String {
        let profiles = reports.map(\.profile)
        var lines = ["endpoint".padding(44) + profiles.map { $0.padding(12) }.joined() + "best"]
        for row in rows(reports) {
            let cells = profiles.map { profile in
                row.matches[profile].map { "\($0.matched)/\($0.total)".padding(12) } ?? "-".padding(12)
            }
            lines.append(String(row.endpoint.prefix(43)).padding(44) + cells.joined() + (row.best ?? "none"))
        }
        lines.append("")
        lines.append("matched/total = requests answered as recorded (identical, or differing only in noise) under that profile.")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
