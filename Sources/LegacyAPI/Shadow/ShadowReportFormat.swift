import HTTPTypes
import Hummingbird
import NIOCore
import ResponseDiff

/// `/shadow/report?format=…`: the differ's own report writers over the live comparison.
enum ShadowReportFormat {
    static func response(_ report: DiffReport, format: String) -> Response {
        let (type, text): (String, String)
        switch format {
        case "html": (type, text) = ("text/html; charset=utf-8", HTMLReport.render(report))
        case "junit": (type, text) = ("application/xml; charset=utf-8", JUnitReport.render(report))
        case "text": (type, text) = ("text/plain; charset=utf-8", TerminalReport.render(report))
        default: (type, text) = ("application/json; charset=utf-8", JSONReport.render(report))
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
