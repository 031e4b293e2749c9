import BridgeKit
import Foundation

/// One request to replay, as a line of the requests file:
/// `{"method": "GET", "path": "/api/lottery/records", "query": {"page": "1"}, "headers": {…}, "body": {…}}`.
/// A multipart or other non-JSON body goes in `body_text` (or `body_base64`) with its Content-Type header.
public struct ReplayRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public static func == (a: ReplayRequest, b: ReplayRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.query.map { "\($0)=\($1)" } == b.query.map { "\($0)=\($1)" }
            && a.headers.map { "\($0):\($1)" } == b.headers.map { "\($0):\($1)" } && a.body == b.body
    }

    /// Safe methods (RFC 9110) are replayed by default; others only with `--allow-side-effects`.
    public var isSafe: Bool { ["GET", "HEAD", "OPTIONS"].contains(method) }

    /// Path with the query string, percent-encoded.
    public var target: String {
        guard !query.isEmpty else { return path }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        let encoded = query.map {
            ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0) + "="
                + ($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $1)
        }
        return path + (path.contains("?") ? "&" : "?") + encoded.joined(separator: "&")
    }

    /// Reads a JSON-lines requests file; blank lines and lines starting with `#` are skipped.
    public static func parseLines(_ text: String) throws -> [ReplayRequest] {
        var requests: [ReplayRequest] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                requests.append(try parse(JSONValue.parse(trimmed)))
            } catch {
                throw ReplayFileError(line: number + 1, reason: "\(error)")
            }
        }
        return requests
    }

    public static func parse(_ value: JSONValue) throws -> ReplayRequest {
        guard let method = value["method"]?.stringValue, let path = value["path"]?.stringValue, path.hasPrefix("/") else {
            throw ReplayFileError(line: 0, reason: "needs method and a path starting with /")
        }
        let query = (value["query"]?.objectValue?.entries ?? []).map { ($0.key, $0.value.stringValue ?? $0.value.serialized()) }
        let headers = (value["headers"]?.objectValue?.entries ?? []).map { ($0.key, $0.value.stringValue ?? "") }
        var body: [UInt8]?
        if let json = value["body"], !json.isNull {
            body = Array(json.serialized().utf8)
        } else if let text = value["body_text"]?.stringValue {
            body = Array(text.utf8)
        } else if let base64 = value["body_base64"]?.stringValue {
            guard let data = Data(base64Encoded: base64) else { throw ReplayFileError(line: 0, reason: "body_base64 is not base64") }
            body = Array(data)
        }
        return ReplayRequest(method: method, path: path, query: query, headers: headers, body: body)
    }
}

public struct ReplayFileError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "requests file line \(line): \(reason)" }
}
