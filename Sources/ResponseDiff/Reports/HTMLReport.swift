import BridgeKit

/// `--report-html`: one self-contained page (no network): a section per endpoint, a row per
/// request, the two answers side by side with differing paths highlighted and noise greyed, and a
/// "copy as curl" button per side.
public enum HTMLReport {
    public static func render(_ report: DiffReport) -> String {
        var html = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <title>legacy-bridge \(report.live == nil ? "diff" : "shadow"): \(escape(report.primaryLabel)) vs \(escape(report.candidateLabel))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            table.summary{border-collapse:collapse;margin-bottom:1.5em}
            table.summary td,table.summary th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
            table.summary td:first-child,table.summary th:first-child{text-align:left}
            section.endpoint{margin:1.5em 0} h2{font-size:1.1em;background:#f2f2f2;padding:.3em .5em}
            details.result{border-left:4px solid #ccc;margin:.4em 0;padding:.2em .6em}
            details.differing{border-color:#d33} details.error{border-color:#a0a} details.noise_only{border-color:#aaa}
            details.identical{border-color:#3a3} details.skipped{border-color:#999}
            .sides{display:grid;grid-template-columns:1fr 1fr;gap:1em} pre{background:#fafafa;padding:.5em;overflow:auto;white-space:pre-wrap}
            span.diff{background:#fdd;outline:1px solid #d33} span.noise{color:#999;background:#eee}
            ul.diffs li.noise{color:#999} code{font-size:12px} button{font-size:12px}
            </style></head><body>
            <h1>legacy-bridge \(report.live == nil ? "diff" : "shadow (live traffic)")</h1>
            <p>primary <b>\(escape(report.primaryLabel))</b> · candidate <b>\(escape(report.candidateLabel))</b>\(report.secondaryLabel.map { " · secondary <b>\(escape($0))</b>" } ?? "")</p>
            \(report.live.map { LiveCounts.html($0, readyAfter: report.readyAfter) } ?? "")<table class="summary"><tr><th>endpoint</th><th>requests</th><th>identical</th><th>differing</th><th>noise-only</th><th>errors</th><th>skipped</th></tr>

            """
        for summary in report.endpoints {
            html += "<tr><td>\(escape(summary.endpoint))</td><td>\(summary.requests)</td><td>\(summary.identical)</td><td>\(summary.differing)</td><td>\(summary.noiseOnly)</td><td>\(summary.errors)</td><td>\(summary.skipped)</td></tr>\n"
        }
        html += "</table>\n"
        for summary in report.endpoints {
            html += "<section class=\"endpoint\" data-endpoint=\"\(escape(summary.endpoint))\"><h2>\(escape(summary.endpoint))</h2>\n"
            for result in report.results where result.endpoint == summary.endpoint {
                html += row(result, report: report)
            }
            html += "</section>\n"
        }
        html += """
            <div id="rendered"></div>
            <script>
            document.querySelectorAll('button.copy').forEach(function (b) {
              b.addEventListener('click', function () { navigator.clipboard && navigator.clipboard.writeText(b.dataset.command); });
            });
            var r = document.getElementById('rendered');
            r.dataset.rows = document.querySelectorAll('details.result').length;
            r.dataset.differing = document.querySelectorAll('details.differing').length;
            r.dataset.highlighted = document.querySelectorAll('span.diff').length;
            r.dataset.ready = document.querySelectorAll('table.live tr.ready').length;
            </script>
            </body></html>

            """
        return html
    }

    static func row(_ result: ExchangeResult, report: DiffReport) -> String {
        let open = result.outcome == .differing || result.outcome == .error ? " open" : ""
        var html = "<details class=\"result \(result.outcome.rawValue)\" id=\"r\(result.id)\"\(open)><summary>#\(result.id) <b>\(result.outcome.rawValue)</b> \(escape(result.request.method)) <code>\(escape(result.request.target))</code> — \(escape(result.name))</summary>\n"
        if let note = result.note { html += "<p>\(escape(note))</p>\n" }
        if !result.differences.isEmpty || !result.noise.isEmpty {
            html += "<ul class=\"diffs\">"
            for difference in result.differences { html += "<li class=\"diff\">\(escape(TerminalReport.describe(difference)))</li>" }
            for difference in result.noise { html += "<li class=\"noise\">noise: \(escape(TerminalReport.describe(difference)))</li>" }
            html += "</ul>\n"
        }
        let differing = Set(result.differences.map(\.path))
        let noisy = Set(result.noise.map(\.path))
        html += "<div class=\"sides\">"
        for (label, response) in [(report.primaryLabel, result.primary), (report.candidateLabel, result.candidate)] {
            html += "<div><h3>\(escape(label))\(response.map { " — HTTP \($0.status)" } ?? "")</h3>"
            if let curl = result.curl.first(where: { $0.0 == label })?.1 {
                html += "<button class=\"copy\" data-command=\"\(escape(curl))\">copy as curl</button> <code>\(escape(curl))</code>"
            }
            if let response {
                let body = response.body.map { render($0, path: "", indent: 0, differing: differing, noisy: noisy) }
                    ?? escape(response.error ?? response.raw)
                html += "<pre>\(body)</pre>"
            }
            html += "</div>"
        }
        return html + "</div></details>\n"
    }

    /// Pretty JSON whose values are wrapped in spans marked `diff` or `noise` by their pointer.
    static func render(_ value: JSONValue, path: String, indent: Int, differing: Set<String>, noisy: Set<String>) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner: String
        switch value {
        case .object(let object) where !object.isEmpty:
            inner = "{\n" + object.entries.map { key, child in
                pad + "  " + escape(JSONValue.string(key).serialized()) + ": "
                    + render(child, path: JSONPointer.appending(path, key), indent: indent + 1, differing: differing, noisy: noisy)
            }.joined(separator: ",\n") + "\n" + pad + "}"
        case .array(let items) where !items.isEmpty:
            inner = "[\n" + items.enumerated().map { index, child in
                pad + "  " + render(child, path: JSONPointer.appending(path, index), indent: indent + 1, differing: differing, noisy: noisy)
            }.joined(separator: ",\n") + "\n" + pad + "]"
        default:
            inner = escape(value.serialized())
        }
        if differing.contains(path) { return "<span class=\"diff\" title=\"\(escape(path))\">\(inner)</span>" }
        if noisy.contains(path) { return "<span class=\"noise\" title=\"\(escape(path))\">\(inner)</span>" }
        return inner
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
