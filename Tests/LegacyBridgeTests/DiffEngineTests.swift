import BridgeKit
import Foundation
import ResponseDiff
import Testing

/// The structural diff, path patterns, rules and noise, unit and property tests.
@Suite struct DiffEngineTests {
    /// Every (pointer, value) of a document, leaves and containers alike.
    static func pointers(_ value: JSONValue, at path: String = "") -> [(String, JSONValue)] {
        var out = [(path, value)]
        switch value {
        case .object(let object):
            for (key, child) in object.entries { out += pointers(child, at: JSONPointer.appending(path, key)) }
        case .array(let items):
            for (index, child) in items.enumerated() { out += pointers(child, at: JSONPointer.appending(path, index)) }
        default: break
        }
        return out
    }

    static func replacing(_ value: JSONValue, at tokens: ArraySlice<String>, with replacement: JSONValue) -> JSONValue {
        guard let token = tokens.first else { return replacement }
        switch value {
        case .object(var object):
            object[token] = replacing(object[token]!, at: tokens.dropFirst(), with: replacement)
            return .object(object)
        case .array(var items):
            let index = Int(token)!
            items[index] = replacing(items[index], at: tokens.dropFirst(), with: replacement)
            return .array(items)
        default: return value
        }
    }

    @Test func aDocumentEqualsItself() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let value = RandomJSON.value(&rng)
            #expect(JSONDiff.diff(primary: value, candidate: value).isEmpty)
            #expect(JSONDiff.diff(primary: value, candidate: try! JSONValue.parse(value.prettySerialized())).isEmpty)
        }
    }

    @Test func aChangeAtARandomPathIsFoundAtExactlyThatPath() {
        var rng = SplitMix64(seed: 12)
        var checked = 0
        for _ in 0..<3000 {
            let value = RandomJSON.value(&rng)
            let all = Self.pointers(value)
            let (pointer, old) = all.randomElement(using: &rng)!
            // A scalar that differs from the old value in value and, half the time, in type.
            let replacement: JSONValue =
                Bool.random(using: &rng) ? .string("changed-\(UInt32.random(in: 0...UInt32.max, using: &rng))") : .int(987_654_321)
            guard !replacement.isEquivalent(to: old) else { continue }
            let changed = Self.replacing(value, at: JSONPointer.tokens(pointer)[...], with: replacement)
            let differences = JSONDiff.diff(primary: value, candidate: changed)
            #expect(differences.count == 1, "\(pointer): \(differences)")
            #expect(differences.first?.path == pointer)
            let expectedKind: Difference.Kind = old.typeName == replacement.typeName ? .valueChanged : .typeChanged
            #expect(differences.first?.kind == expectedKind)
            checked += 1
        }
        #expect(checked > 2500)
    }

    @Test func addedMissingLengthAndNumbers() throws {
        let a = try JSONValue.parse(#"{"a": 1, "b": [1, 2, 3], "price": 58.50, "s": "x"}"#)
        let b = try JSONValue.parse(#"{"b": [1, 2], "c": true, "price": 58.5, "s": "x "}"#)
        let found = JSONDiff.diff(primary: a, candidate: b).map { "\($0.kind.rawValue) \($0.path)" }
        #expect(Set(found) == ["missing /a", "length_changed /b", "missing /b/2", "added /c", "value_changed /s"])
    }

    @Test func rulesIgnoreMatchAndReorder() throws {
        let rules = try DiffRulesLoader.load(files: [("rules.yaml", """
            diff:
              ignore: ["data.records[*].created_at", data.request_id]
              matchers: {data.token: token, "**.at": timestamp, data.order: "regex:EX\\\\d{3}"}
              unordered: {data.prizes: id, data.tags: null}
            """)])
        let options = rules.options(forEndpoint: "GET /x")
        let primary = try JSONValue.parse("""
            {"data": {"records": [{"id": 1, "created_at": "2025-01-01T00:00:00Z"}], "request_id": "a",
             "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "at": "2025-07-03T16:15:00.000Z", "order": "EX001",
             "prizes": [{"id": 1, "n": "a"}, {"id": 2, "n": "b"}], "tags": ["x", "y", "y"]}}
            """)
        let same = try JSONValue.parse("""
            {"data": {"records": [{"id": 1, "created_at": "2026-11-22T03:03:54.681Z"}], "request_id": "b",
             "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.xyz", "at": "2026-01-01T00:00:00+08:00", "order": "EX999",
             "prizes": [{"id": 2, "n": "b"}, {"id": 1, "n": "a"}], "tags": ["y", "x", "y"]}}
            """)
        #expect(JSONDiff.diff(primary: primary, candidate: same, options: options).isEmpty)
        let different = try JSONValue.parse("""
            {"data": {"records": [{"id": 2, "created_at": "x"}], "request_id": "b", "token": "short", "at": "never",
             "order": "EX12", "prizes": [{"id": 2, "n": "B"}, {"id": 1, "n": "a"}], "tags": ["y", "x"]}}
            """)
        let found = Set(JSONDiff.diff(primary: primary, candidate: different, options: options).map { "\($0.kind.rawValue) \($0.path)" })
        #expect(found == [
            "value_changed /data/records/0/id", "value_changed /data/token", "value_changed /data/at",
            "value_changed /data/order", "value_changed /data/prizes/1/n", "missing /data/tags/2",
        ])
    }

    @Test(arguments: [
        ("data.records[*].created_at", "/data/records/3/created_at", true),
        ("data.records[*].created_at", "/data/records/x/created_at", false),
        ("data.records[0].id", "/data/records/0/id", true),
        ("data.records[0].id", "/data/records/1/id", false),
        ("**.created_at", "/data/user_info/created_at", true),
        ("**.created_at", "/created_at", true),
        ("data.*.n", "/data/a/n", true),
        ("data.a~b/c", "/data/a~0b~1c", true),
    ])
    func pathPatterns(_ pattern: String, _ pointer: String, _ matches: Bool) throws {
        #expect(try PathPattern(pattern).matches(pointer: pointer) == matches)
    }

    @Test(arguments: ["", "a..b", "a[", "a[x]", "a[-1]"])
    func badPathPatterns(_ pattern: String) {
        #expect(throws: PathPatternError.self) { try PathPattern(pattern) }
    }

    @Test func brokenRulesNameFileAndLine() {
        #expect(throws: MappingError.self) {
            try DiffRulesLoader.load(files: [("rules.yaml", "diff:\n  matchers:\n    data.a: sometimes\n")])
        }
        do {
            _ = try DiffRulesLoader.load(files: [("rules.yaml", "diff:\n  ignore:\n    - \"a[\"\n")])
            Issue.record("expected a failure")
        } catch let error as MappingError {
            #expect(error.file == "rules.yaml" && error.line == 3, "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func endpointsGroupByTheMostSpecificPattern() throws {
        let rules = try DiffRulesLoader.load(files: [
            ("routes.yaml", "routes:\n  - {id: a, method: GET, paths: [/api/merchant/reviews/pending], auth: none, translation: x, message: m}\n"),
            ("rules.yaml", "diff:\n  endpoints:\n    \"GET /api/merchant/reviews/:id\": {}\n    \"POST /api/merchant/reviews/:id/approve\": {}\n"),
        ])
        #expect(rules.endpoint(method: "POST", path: "/api/merchant/reviews/17/approve") == "POST /api/merchant/reviews/:id/approve")
        #expect(rules.endpoint(method: "GET", path: "/api/merchant/reviews/pending?page=2") == "GET /api/merchant/reviews/pending")
        #expect(rules.endpoint(method: "GET", path: "/api/merchant/reviews/9") == "GET /api/merchant/reviews/:id")
        #expect(rules.endpoint(method: "GET", path: "/api/other?x=1") == "GET /api/other")
    }

    @Test func theShippedRulesLoad() throws {
        let rules = try DiffRulesLoader.load(directory: TestBridge.mappingsDirectory)
        #expect(rules.endpoint(method: "POST", path: "/api/lottery/draw") == "POST /api/lottery/draw")
        #expect(!rules.global.matchers.isEmpty)
    }

    @Test func curlCommandsQuoteSafely() {
        let request = ReplayRequest(
            method: "POST", path: "/api/user/info", query: [("q", "a b&c")], headers: [("Authorization", "Bearer x")],
            body: Array(#"{"nickname":"it's"}"#.utf8))
        let command = Curl.command(for: request, baseURL: "http://127.0.0.1:3000")
        #expect(command == #"curl -sS -X POST 'http://127.0.0.1:3000/api/user/info?q=a%20b%26c' -H 'Authorization: Bearer x' --data-binary '{"nickname":"it'\''s"}'"#)
    }

    @Test func requestsFileParses() throws {
        let requests = try ReplayRequest.parseLines("""
            # comment
            {"method": "get", "path": "/api/lottery/records", "query": {"page": "2"}}

            {"method": "POST", "path": "/api/photo/upload", "headers": {"Content-Type": "multipart/form-data; boundary=x"}, "body_text": "--x--"}
            """)
        #expect(requests.count == 2)
        #expect(requests[0].method == "GET" && requests[0].target == "/api/lottery/records?page=2" && requests[0].isSafe)
        #expect(!requests[1].isSafe && requests[1].body == Array("--x--".utf8))
        #expect(throws: ReplayFileError.self) { try ReplayRequest.parseLines("{\"path\": \"/x\"}") }
    }
}

/// A side answering from a closure, for runner tests without servers.
struct ScriptedSource: ResponseSource {
    let label: String
    let baseURL: String? = "http://scripted.invalid"
    let answer: @Sendable (ReplayRequest) -> SideResponse
    func send(_ request: ReplayRequest) async -> SideResponse { answer(request) }
}

@Suite struct DiffRunnerTests {
    @Test func repeatedPrimaryCallsCalibrateNoiseWithoutASecondary() async {
        let counter = Counter()
        let primary = ScriptedSource(label: "primary") { _ in
            SideResponse(status: 200, raw: #"{"code":0,"msg":"success","data":{"n":1,"nonce":"\#(counter.next())"}}"#)
        }
        let candidate = ScriptedSource(label: "candidate") { request in
            request.path == "/changed"
                ? SideResponse(status: 200, raw: #"{"code":0,"msg":"success","data":{"n":2,"nonce":"zzz"}}"#)
                : SideResponse(status: 200, raw: #"{"code":0,"msg":"success","data":{"n":1,"nonce":"zzz"}}"#)
        }
        var runner = DiffRunner(rules: DiffRules(), primary: primary, candidate: candidate, tokens: { _, _ in nil })
        runner.noiseRepeats = 2
        let report = await runner.run([
            [Exchange(name: "same", request: ReplayRequest(method: "GET", path: "/same"))],
            [Exchange(name: "changed", request: ReplayRequest(method: "GET", path: "/changed"))],
        ])
        let same = report.results.first { $0.name == "same" }!
        let changed = report.results.first { $0.name == "changed" }!
        #expect(same.outcome == .noiseOnly)
        #expect(same.noise.map(\.path) == ["/data/nonce"])
        #expect(changed.outcome == .differing)
        #expect(changed.differences.map(\.path) == ["/data/n"])
        #expect(changed.noise.map(\.path) == ["/data/nonce"])
    }

    @Test func aSideThatDoesNotAnswerIsAnError() async {
        let down = ScriptedSource(label: "candidate") { _ in .failure("connection refused") }
        let primary = ScriptedSource(label: "primary") { _ in SideResponse(status: 200, raw: "{}") }
        let report = await DiffRunner(rules: DiffRules(), primary: primary, candidate: down, tokens: { _, _ in nil })
            .run([[Exchange(name: "x", request: ReplayRequest(method: "GET", path: "/x"))]])
        #expect(report.results.first?.outcome == .error)
        #expect(report.hasRegressions)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}
