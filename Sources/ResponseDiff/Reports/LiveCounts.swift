import BridgeKit

/// What shadowed live traffic gave for one endpoint (`serve --shadow`/`--primary`): every
/// request counted, while the report's results are only a bounded sample of the differing ones.
public struct LiveCounts: Sendable, Equatable, Codable {
    public var endpoint: String
    /// Both answers in hand and compared: `equal + different + noiseOnly`.
    public var compared = 0
    public var equal = 0
    public var different = 0
    public var noiseOnly = 0
    /// A side did not answer in time, or not at all.
    public var errored = 0
    /// Not compared: the queue was full.
    public var dropped = 0
    /// Not compared by rule: a write not opted in, a caller whose token has no counterpart, a body too long.
    public var skipped = 0
    /// `compared` reached the threshold and nothing really differed.
    public var ready = false

    public init(endpoint: String) { self.endpoint = endpoint }

    enum CodingKeys: String, CodingKey {
        case endpoint, compared, equal, different, noiseOnly = "noise_only", errored, dropped, skipped, ready
    }

    /// The live table as HTML (before the sampled results).
    static func html(_ rows: [LiveCounts], readyAfter: Int?) -> String {
        var html = "<h2>live traffic</h2>\n"
        if let readyAfter { html += "<p>A route is ready after \(readyAfter) compared answers without a real difference.</p>\n" }
        html += "<table class=\"summary live\"><tr><th>endpoint</th><th>compared</th><th>equal</th><th>different</th><th>noise-only</th><th>errored</th><th>dropped</th><th>skipped</th><th>ready</th></tr>\n"
        for row in rows {
            html += "<tr class=\"\(row.ready ? "ready" : "not-ready")\"><td>\(HTMLReport.escape(row.endpoint))</td><td>\(row.compared)</td><td>\(row.equal)</td><td>\(row.different)</td><td>\(row.noiseOnly)</td><td>\(row.errored)</td><td>\(row.dropped)</td><td>\(row.skipped)</td><td>\(row.ready ? "✔ ready" : "–")</td></tr>\n"
        }
        return html + "</table>\n<h2>differing answers (newest sample)</h2>\n"
    }
}
