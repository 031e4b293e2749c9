import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import V4Core

/// Each legacy doc's own example bodies (LegacyFixtures/doc-examples/<profile>/, copied from the
/// seed documents with their section and line) against the bridge under that doc's profile:
/// every field the example shows is answered, with the example's JSON type, and where the
/// example shows a time, in the example's format. Values differ (other data); shapes may not.
@Suite struct DocExampleShapeTests {
    static let directory = TestBridge.packageRoot + "/LegacyFixtures/doc-examples"

    struct Example: Sendable, CustomTestStringConvertible {
        let profile: String
        let file: String
        let method: HTTPRequest.Method
        let path: String
        /// The primary example and its success alternates (error alternates are not shapes of success).
        let bodies: [JSONValue]
        var testDescription: String { "\(profile)/\(file)" }
    }

    static let examples: [Example] = {
        var found: [Example] = []
        let manager = FileManager.default
        for profile in ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted() {
            for file in ((try? manager.contentsOfDirectory(atPath: directory + "/" + profile)) ?? []).sorted() where file.hasSuffix(".json") {
                guard let data = manager.contents(atPath: directory + "/" + profile + "/" + file),
                      let document = try? JSONValue.parse(Array(data)),
                      let method = document["method"]?.stringValue, let path = document["path"]?.stringValue,
                      let example = document["example"] else { continue }
                let alternates = (document["alternates"]?.arrayValue ?? []).compactMap { $0["example"] }
                    .filter { $0["code"]?.intValue == 0 }
                found.append(Example(profile: profile, file: file, method: HTTPRequest.Method(rawValue: method)!, path: path,
                                     bodies: [example] + alternates))
            }
        }
        return found
    }()

    /// Leaf and container types by path (`data.records[].points`), over every element of arrays.
    static func types(_ value: JSONValue, at path: String = "", into map: inout [String: Set<String>]) {
        switch value {
        case .object(let object):
            map[path, default: []].insert("object")
            for (key, child) in object.entries { types(child, at: path.isEmpty ? key : path + "." + key, into: &map) }
        case .array(let items):
            map[path, default: []].insert("array")
            for item in items { types(item, at: path + "[]", into: &map) }
        case .null: map[path, default: []].insert("null")
        case .bool: map[path, default: []].insert("bool")
        case .string(let text): map[path, default: []].insert(timeFormat(text).map { "string:" + $0 } ?? "string")
        default: map[path, default: []].insert("number")
        }
    }

    /// `iso` (…Z, the legacy wire format) or `wallclock` (YYYY-MM-DD HH:mm:ss), for time strings.
    static func timeFormat(_ text: String) -> String? {
        if text.hasSuffix("Z"), text.count >= 20, Timestamp.parse(text) != nil { return "iso" }
        if text.count == 19, text.dropFirst(10).hasPrefix(" "), Timestamp.parse(text.replacingOccurrences(of: " ", with: "T") + "+08:00") != nil {
            return "wallclock"
        }
        return nil
    }

    static func base(_ type: String) -> String { type.hasPrefix("string") ? "string" : type }

    @Test(arguments: examples)
    func answersCarryTheDocumentedShape(_ example: Example) async throws {
        try #require(!Self.examples.isEmpty)
        try await TestBridge.withBridge(.embeddedInProcess, profile: example.profile) { client, engine in
            try await LegacyPhotoHistoryTests.arrange(engine)
            let token = try await client.legacyLogin().0
            let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            #expect(draw.body["code"] == 0)
            let answer = example.method == .post
                ? try await client.send(example.method, example.path, json: ["draw_type": "single"], token: token)
                : try await client.send(example.method, example.path, token: token)
            #expect(answer.body["code"] == 0, Comment(rawValue: answer.raw))
            var got: [String: Set<String>] = [:]
            Self.types(answer.body, into: &got)
            // A path whose examples show times in different formats (D1-A §1.3.1 vs §3.x) is
            // checked for its type only; the profile picks one of them (Docs/compatibility.md).
            var documented: [String: Set<String>] = [:]
            for body in example.bodies { Self.types(body, into: &documented) }
            for (path, wanted) in documented.sorted(by: { $0.key < $1.key }) {
                let answered = got[path] ?? []
                #expect(!answered.isEmpty, "\(example.profile) \(example.path): no \(path)")
                let wantedTypes = wanted.subtracting(["null"])
                let answeredTypes = answered.subtracting(["null"])
                guard !wantedTypes.isEmpty, !answeredTypes.isEmpty else { continue }
                let formats = Set(wantedTypes.filter { $0.hasPrefix("string:") })
                if formats.count == 1, wantedTypes.count == 1 {
                    #expect(answeredTypes == wantedTypes, "\(example.profile) \(example.path) \(path): doc \(wantedTypes), answered \(answeredTypes)")
                } else {
                    #expect(Set(answeredTypes.map(Self.base)).isSubset(of: Set(wantedTypes.map(Self.base))),
                            "\(example.profile) \(example.path) \(path): doc \(wantedTypes), answered \(answeredTypes)")
                }
            }
        }
    }
}
