import BridgeKit
import Foundation

/// One recorded legacy exchange: a request and the response a v2.1 client must get.
///
/// Files in `LegacyFixtures/` hold `{route, source, cases: [...]}`. A case may ask to be sent
/// as a logged-in principal (`"as": "user"`); the runner then supplies the token.
public struct GoldenCase: Sendable {
    public var name: String
    /// Where the expected shape comes from (doc and section).
    public var source: String?
    /// `user`, `merchant`, `admin` (their access token), `user_refresh` (refresh token),
    /// `expired` (an expired token of the user), `forged` (a token signed with another key).
    public var principal: String?
    public var method: String
    public var path: String
    public var headers: [String: String]
    /// The body as sent: JSON (`body`), raw text (`raw_body`, so malformed JSON can be recorded
    /// too) or a multipart form (`multipart: {fields, files: {name: {path, filename, content_type}}}`,
    /// file paths relative to the recording).
    public var body: [UInt8]?
    public var expectedStatus: Int
    /// The expected body, with matchers (see `GoldenMatcher`).
    public var expectedBody: JSONValue
}

/// A fixture file.
public struct GoldenFile: Sendable {
    public var path: String
    public var route: String
    public var cases: [GoldenCase]

    /// Reads every `*.json` under `directory` (recursively), sorted by path.
    public static func loadAll(directory: String) throws -> [GoldenFile] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw GoldenFileError(path: directory, reason: "not a directory")
        }
        var paths: [String] = []
        while let item = enumerator.nextObject() as? String {
            let name = (item as NSString).lastPathComponent
            if item.hasSuffix(".json") && !name.hasPrefix("_") { paths.append(directory + "/" + item) }
        }
        return try paths.sorted().map(load)
    }

    public static func load(path: String) throws -> GoldenFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw GoldenFileError(path: path, reason: "unreadable") }
        let root: JSONValue
        do { root = try JSONValue.parse(Array(data)) } catch { throw GoldenFileError(path: path, reason: "\(error)") }
        guard let route = root["route"]?.stringValue, let cases = root["cases"]?.arrayValue else {
            throw GoldenFileError(path: path, reason: "needs 'route' and 'cases'")
        }
        let fileSource = root["source"]?.stringValue
        let filePath = path
        return GoldenFile(path: path, route: route, cases: try cases.enumerated().map { index, value in
            guard let request = value["request"], let response = value["response"],
                let method = request["method"]?.stringValue, let path = request["path"]?.stringValue,
                let status = response["status"]?.intValue, let body = response["body"]
            else { throw GoldenFileError(path: path, reason: "case \(index) needs request{method,path} and response{status,body}") }
            var headers: [String: String] = [:]
            for (key, header) in request["headers"]?.objectValue?.entries ?? [] { headers[key] = header.stringValue ?? "" }
            var requestBody: [UInt8]? =
                switch request["body"] {
                case nil, .null?: request["raw_body"]?.stringValue.map { Array($0.utf8) }
                case let body?: Array(body.serialized().utf8)
                }
            if let form = request["multipart"] {
                let (bytes, contentType) = try GoldenMultipart.encode(
                    form, relativeTo: (filePath as NSString).deletingLastPathComponent, file: filePath)
                requestBody = bytes
                headers["Content-Type"] = contentType
            }
            return GoldenCase(
                name: value["name"]?.stringValue ?? "case \(index)", source: value["source"]?.stringValue ?? fileSource,
                principal: value["as"]?.stringValue, method: method, path: path, headers: headers, body: requestBody,
                expectedStatus: Int(status), expectedBody: body)
        })
    }
}

public struct GoldenFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// `_environment.json` beside the recordings: what they assume of the server they replay against.
public struct GoldenEnvironment: Sendable {
    public var demoAdminPassword: String
    public var drawSeed: UInt64

    public static func load(directory: String) throws -> GoldenEnvironment {
        let path = directory + "/_environment.json"
        guard let data = FileManager.default.contents(atPath: path), let root = try? JSONValue.parse(Array(data)),
            let password = root["demo_admin_password"]?.stringValue, let seed = root["draw_seed"]?.intValue, seed >= 0
        else { throw GoldenFileError(path: path, reason: "needs demo_admin_password and draw_seed") }
        return GoldenEnvironment(demoAdminPassword: password, drawSeed: UInt64(seed))
    }
}
