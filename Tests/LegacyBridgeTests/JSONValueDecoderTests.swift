import BridgeKit
import Foundation
import Testing
import V4Contract

/// The bridge decodes V4's answers with `JSONValueDecoder` over BridgeKit's parser instead of
/// Foundation's `JSONDecoder`: both must agree on what decodes, into what, and what fails.
@Suite struct JSONValueDecoderTests {
    struct Sample: Codable, Equatable {
        struct Inner: Codable, Equatable {
            var id: Int64
            var tags: [String]
            var ratio: Double?
        }
        var count: Int
        var name: String
        var flag: Bool?
        var missing: String?
        var inner: Inner
        var list: [Inner]
        var nested: [[Int]]
        var extra: JSONValue?
    }

    static let bodies: [String] = [
        #"{"count": 3, "name": "x", "flag": true, "inner": {"id": 1, "tags": ["a"], "ratio": 0.5}, "list": [], "nested": [[1, 2], []]}"#,
        #"{"count": 3.0, "name": "x", "flag": null, "inner": {"id": 9007199254740993, "tags": []}, "list": [{"id": 2, "tags": ["b", "c"], "ratio": 1}], "nested": [], "extra": {"k": [1, null, "v"]}}"#,
        #"{"count": 3.5, "name": "x", "inner": {"id": 1, "tags": []}, "list": [], "nested": []}"#,
        #"{"count": 3, "name": 7, "inner": {"id": 1, "tags": []}, "list": [], "nested": []}"#,
        #"{"count": 3, "name": "x", "inner": {"id": 1, "tags": [null]}, "list": [], "nested": []}"#,
        #"{"count": 3, "name": "x", "list": [], "nested": []}"#,
        #"{"count": null, "name": "x", "inner": {"id": 1, "tags": []}, "list": [], "nested": []}"#,
        #"{"count": 99999999999999999999, "name": "x", "inner": {"id": 1, "tags": []}, "list": [], "nested": []}"#,
        #"{"count": 1, "name": "x", "inner": [], "list": [], "nested": []}"#,
        // Optionals present with the wrong type fail; present as null or absent they are nil.
        #"{"count": 1, "name": "x", "flag": "yes", "inner": {"id": 1, "tags": []}, "list": [], "nested": []}"#,
        #"{"count": 1, "name": "x", "missing": 5, "inner": {"id": 1, "tags": []}, "list": [], "nested": []}"#,
        #"{"count": 1, "name": "x", "missing": null, "extra": null, "inner": {"id": 1, "tags": [], "ratio": "0.5"}, "list": [], "nested": []}"#,
        #"{"count": 1, "name": "x", "inner": {"id": 1.0, "tags": [], "ratio": 2}, "list": [], "nested": []}"#,
        #"{"count": -1, "name": "", "flag": false, "missing": "m", "extra": null, "inner": {"id": -9223372036854775808, "tags": [""]}, "list": [], "nested": []}"#,
    ]

    @Test(arguments: bodies)
    func agreesWithJSONDecoder(_ body: String) throws {
        let foundation = Result { try JSONDecoder().decode(Sample.self, from: Data(body.utf8)) }
        let ours = Result { try JSONValueDecoder().decode(Sample.self, from: try JSONValue.parse(body)) }
        switch (foundation, ours) {
        case (.success(let a), .success(let b)): #expect(a == b, "\(body)")
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder \(foundation), JSONValueDecoder \(ours) for \(body)")
        }
    }

    /// A V4 envelope with its status in `userInfo`, as the HTTP transport reads it.
    @Test func readsAV4ReplyWithTheHTTPStatus() throws {
        let failure = #"{"success": false, "error": "TOKEN_EXPIRED", "message": "Token已过期", "data": {"hint": 1}}"#
        var decoder = JSONValueDecoder()
        decoder.userInfo[V4Reply<JSONValue>.statusKey] = 401
        let reply = try decoder.decode(V4Reply<JSONValue>.self, from: try JSONValue.parse(failure))
        guard case .failure(let code, let message, let data) = reply else { Issue.record("\(reply)"); return }
        #expect(code == "TOKEN_EXPIRED" && message == "Token已过期" && data == ["hint": 1])
    }
}
