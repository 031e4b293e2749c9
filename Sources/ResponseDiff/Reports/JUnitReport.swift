/// `--report-junit`: one test case per request, grouped in a suite per endpoint, so CI systems
/// list regressions where people look.
public enum JUnitReport {
    public static func render(_ report: DiffReport) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let failures = report.results.filter { $0.outcome == .differing }.count
        let errors = report.results.filter { $0.outcome == .error }.count
        xml += #"<testsuites name="legacy-bridge diff" tests="\#(report.results.count)" failures="\#(failures)" errors="\#(errors)">"# + "\n"
        for summary in report.endpoints {
            let results = report.results.filter { $0.endpoint == summary.endpoint }
            xml += #"  <testsuite name="\#(escape(summary.endpoint))" tests="\#(summary.requests)" failures="\#(summary.differing)" errors="\#(summary.errors)" skipped="\#(summary.skipped)">"# + "\n"
            for result in results {
                xml += "    <testcase classname=\"\(escape(summary.endpoint))\" name=\"#\(result.id) \(escape(result.name))\">\n"
                switch result.outcome {
                case .differing:
                    let text = result.differences.map(TerminalReport.describe).joined(separator: "\n")
                    xml += #"      <failure message="\#(result.differences.count) difference(s)">\#(escape(text))</failure>"# + "\n"
                case .error:
                    xml += #"      <error message="\#(escape(result.note ?? "error"))"/>"# + "\n"
                case .skipped:
                    xml += #"      <skipped message="\#(escape(result.note ?? ""))"/>"# + "\n"
                case .noiseOnly:
                    let text = result.noise.map(TerminalReport.describe).joined(separator: "\n")
                    xml += "      <system-out>noise only:\n\(escape(text))</system-out>\n"
                case .identical:
                    break
                }
                if let curl = result.curl.first?.1 { xml += "      <system-err>\(escape(curl))</system-err>\n" }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        if let live = report.live {
            // Shadowed traffic: a test case per endpoint, failing while a live answer differed.
            let failing = live.filter { $0.different > 0 }.count
            xml += #"  <testsuite name="live traffic" tests="\#(live.count)" failures="\#(failing)" skipped="\#(live.filter { $0.compared == 0 }.count)">"# + "\n"
            for row in live {
                xml += "    <testcase classname=\"live\" name=\"\(escape(row.endpoint))\">\n"
                if row.different > 0 {
                    xml += #"      <failure message="\#(row.different) of \#(row.compared) differed"/>"# + "\n"
                } else if row.compared == 0 {
                    xml += #"      <skipped message="nothing compared"/>"# + "\n"
                }
                xml += "      <system-out>compared \(row.compared), equal \(row.equal), noise-only \(row.noiseOnly), errored \(row.errored), dropped \(row.dropped), skipped \(row.skipped)\(row.ready ? ", ready" : "")</system-out>\n"
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            // Control characters are not allowed in XML 1.0.
            case _ where scalar.value < 0x20: out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
