import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LegacyAPI
import BridgeAssembly
import NIOCore
import NIOConcurrencyHelpers
import ResponseDiff
import Testing
import V4Core

/// Two real HTTP servers on loopback: a stand-in old backend answering recorded legacy responses
/// (with injected differences and per-instance noise), and the real bridge. The report must find
/// every injected difference, classify the noise, and find nothing else.
@Suite struct DifferEndToEndTests {
    /// A stand-in old backend: a recorded answer per target, plus per-instance noise where asked.
    static func oldBackend(_ answers: [String: (Int, JSONValue)], noisy: Set<String>, instance: String) -> Router<BasicRequestContext> {
        let router = Router()
        let counter = NIOLockedValueBox(0)
        router.get("**") { request, _ in
            var target = request.uri.path
            if let query = request.uri.query, !query.isEmpty { target += "?" + query }
            guard let (status, recorded) = answers[target] else { return Response(status: .notFound) }
            var body = recorded
            if noisy.contains(target), case .object(var envelope) = body, case .object(var data)? = envelope["data"] {
                // A per-instance, per-call trace id: noise, not a regression.
                let call = counter.withLockedValue { $0 += 1; return $0 }
                data["trace_id"] = .string("\(instance)-\(call)")
                envelope["data"] = .object(data)
                body = .object(envelope)
            }
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
        }
        return router
    }

    static func edit(_ value: JSONValue, _ pointer: String, _ change: (JSONValue?) -> JSONValue?) -> JSONValue {
        func apply(_ value: JSONValue?, _ tokens: ArraySlice<String>) -> JSONValue? {
            guard let token = tokens.first else { return change(value) }
            switch value {
            case .object(var object)?:
                object[token] = apply(object[token], tokens.dropFirst())
                return .object(object)
            case .array(var items)?:
                let index = Int(token)!
                if let replaced = apply(items[index], tokens.dropFirst()) { items[index] = replaced } else { items.remove(at: index) }
                return .array(items)
            default: return value
            }
        }
        return apply(value, JSONPointer.tokens(pointer)[...]) ?? value
    }

    @Test func findsEveryInjectedDifferenceAndClassifiesNoise() async throws {
        let directory = TestBridge.temporaryDirectory()
        let server = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
                demoAdminPassword: TestBridge.adminPassword, randomness: SeededDrawRandomness(seed: TestBridge.seed)).patient(),
            logger: TestBridge.logger)
        let rules = try DiffRulesLoader.load(directory: TestBridge.mappingsDirectory)
        let reportPath = directory + "/report.html"

        let report = try await Application(router: server.router, logger: TestBridge.logger).test(.live) { bridge in
            let bridgeURL = "http://127.0.0.1:\(bridge.port!)"
            let token = try await bridge.legacyLogin().0
            let targets = [
                "/api/auth/verify-token", "/api/lottery/config", "/api/lottery/config?lang=zh", "/api/user/status",
                "/api/user/info", "/api/lottery/records", "/api/lottery/records?limit=5", "/api/lottery/statistics",
            ]
            // What the bridge answers now: the baseline the old backend's recordings start from.
            var recorded: [String: (Int, JSONValue)] = [:]
            for target in targets {
                let answer = try await bridge.send(.get, target, token: token)
                recorded[target] = (answer.status, answer.body)
            }
            // Injected differences, one kind per request.
            recorded["/api/lottery/config"]!.1 = Self.edit(recorded["/api/lottery/config"]!.1, "/data/prizes/2/name") { _ in "甜品2份" }
            recorded["/api/user/status"]!.1 = Self.edit(recorded["/api/user/status"]!.1, "/data/legacy_flag") { _ in true }
            recorded["/api/user/info"]!.1 = Self.edit(recorded["/api/user/info"]!.1, "/data/statistics") { _ in nil }
            recorded["/api/lottery/records?limit=5"]!.1 = Self.edit(
                recorded["/api/lottery/records?limit=5"]!.1, "/data/pagination/limit") { _ in "5" }
            recorded["/api/lottery/records"]!.1 = Self.edit(recorded["/api/lottery/records"]!.1, "/data/records") { _ in
                [["id": 1, "draw_id": "draw_20250703_001", "prize_name": "九八折券"]]
            }
            recorded["/api/lottery/statistics"] = (503, ["code": 5001, "msg": "服务器内部错误", "message": "服务器内部错误", "data": nil])
            let noisy: Set<String> = ["/api/auth/verify-token", "/api/user/status"]

            let primaryApp = Application(router: Self.oldBackend(recorded, noisy: noisy, instance: "old-a"), logger: TestBridge.logger)
            let secondaryApp = Application(router: Self.oldBackend(recorded, noisy: noisy, instance: "old-b"), logger: TestBridge.logger)
            return try await primaryApp.test(.live) { primary in
                try await secondaryApp.test(.live) { secondary in
                    let client = HTTPClient.shared
                    func side(_ label: String, _ port: Int) -> HTTPSource {
                        HTTPSource(label: label, baseURL: "http://127.0.0.1:\(port)", client: client, timeout: .seconds(30))
                    }
                    var runner = DiffRunner(
                        rules: rules, primary: side("primary", primary.port!), candidate: HTTPSource(
                            label: "candidate", baseURL: bridgeURL, client: client, timeout: .seconds(30)),
                        secondary: side("secondary", secondary.port!), tokens: { _, _ in token })
                    runner.concurrency = 3
                    let requests = targets.map { target -> [Exchange] in
                        let parts = target.split(separator: "?", maxSplits: 1)
                        let query = parts.count > 1
                            ? parts[1].split(separator: "&").map { pair -> (String, String) in
                                let kv = pair.split(separator: "=", maxSplits: 1)
                                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
                            } : []
                        return [Exchange(name: target, request: ReplayRequest(method: "GET", path: String(parts[0]), query: query))]
                    }
                    // A side-effecting request is not sent without --allow-side-effects.
                    let unsafe = [Exchange(name: "draw", request: ReplayRequest(method: "POST", path: "/api/lottery/draw"))]
                    return await runner.run(requests + [unsafe])
                }
            }
        }
        try HTMLReport.render(report).write(toFile: reportPath, atomically: true, encoding: .utf8)

        func result(_ name: String) -> ExchangeResult { report.results.first { $0.name == name }! }
        func found(_ name: String) -> Set<String> { Set(result(name).differences.map { "\($0.scope.rawValue) \($0.kind.rawValue) \($0.path)" }) }

        #expect(result("/api/auth/verify-token").outcome == .noiseOnly)
        #expect(result("/api/auth/verify-token").noise.map(\.path) == ["/data/trace_id"])
        #expect(found("/api/lottery/config") == ["body value_changed /data/prizes/2/name"])
        #expect(result("/api/lottery/config?lang=zh").outcome == .identical)
        #expect(found("/api/user/status") == ["body missing /data/legacy_flag"])
        #expect(result("/api/user/status").noise.map(\.path) == ["/data/trace_id"], "noise is reported apart, not dropped")
        #expect(found("/api/user/info") == ["body added /data/statistics"])
        #expect(found("/api/lottery/records?limit=5") == ["body type_changed /data/pagination/limit"])
        #expect(found("/api/lottery/records") == ["body length_changed /data/records", "body missing /data/records/0"])
        #expect(found("/api/lottery/statistics") == [
            "status value_changed ", "envelope value_changed /code", "envelope value_changed /msg",
            "envelope value_changed /message", "body type_changed /data",
        ])
        #expect(result("/api/lottery/statistics").differences.first?.scope == .status, "status is reported first")
        #expect(result("draw").outcome == .skipped)
        #expect(report.hasRegressions)
        let summary = report.endpoints.first { $0.endpoint == "GET /api/lottery/config" }!
        #expect(summary.requests == 2 && summary.identical == 1 && summary.differing == 1)
        let curl = try #require(result("/api/lottery/config").curl.first { $0.0 == "candidate" }?.1)
        #expect(curl.contains("/api/lottery/config") && curl.contains("Authorization: Bearer "))

        // The JUnit report has one case per request; the HTML renders in a real browser.
        let junit = JUnitReport.render(report)
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == report.results.count)
        #expect(junit.contains("<failure") && junit.contains("<skipped"))
        let dom = try await Self.renderInChromium(reportPath)
        #expect(dom.contains(#"data-rows="\#(report.results.count)""#), "\(dom.suffix(300))")
        #expect(dom.contains(#"data-differing="6""#))
        #expect(dom.contains("class=\"diff\""), "differing paths are highlighted")
        #expect(dom.contains("class=\"noise\""), "noise is shown")
        #expect(dom.contains("copy as curl"))
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The DOM after scripts ran, from headless Chromium (installed by scripts/test.sh).
    static func renderInChromium(_ path: String) async throws -> String {
        try await OffPool.run { try renderInChromiumBlocking(path) }
    }

    static func renderInChromiumBlocking(_ path: String) throws -> String {
        let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let chromium = try #require(binary, "headless Chromium is needed: scripts/test.sh installs it")
        let arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + path]
        return try ChildProcess.run(chromium, arguments, output: .stdoutOnly).output
    }
}
