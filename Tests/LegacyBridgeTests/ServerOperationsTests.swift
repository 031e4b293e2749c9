import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Health, metrics, request ids, and the `legacy-bridge` executable itself.
@Suite struct ServerOperationsTests {
    @Test func healthMetricsAndRequestIDs() async throws {
        try await TestBridge.withBridge(.embeddedSocket) { client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == 200)
            #expect(health.body["data"]?["status"] == "healthy")
            _ = try await client.legacyLogin()
            _ = try await client.send(.get, "/api/user/info")
            _ = try await client.send(.get, "/api/no/such/route")
            let response = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.hasPrefix("req_") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"legacy_bridge_requests_total{method="POST",route="/api/auth/login",status="200"} 1"#), "\(text)")
            #expect(text.contains(#"legacy_bridge_requests_total{method="GET",route="/api/user/info",status="401"} 1"#))
            #expect(text.contains("legacy_bridge_request_duration_seconds_bucket"))
            #expect(text.contains(#"route="/api/auth/login""#))
            // Unmatched paths share one label instead of one per path.
            #expect(!text.contains("/api/no/such/route"))
        }
    }

    /// The README's serve command: starts on demo data, answers, and stops cleanly on SIGTERM.
    @Test func executableServesDemoDataAndShutsDownOnSIGTERM() async throws {
        let binary = TestBridge.packageRoot + "/.build/debug/legacy-bridge"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the package first")
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try ChildProcess.spawn(binary, ["serve", "--demo", "--port", "0", "--data-dir", directory,
                                                    "--mappings", TestBridge.mappingsDirectory],
                                           environment: ["LEGACY_BRIDGE_ADMIN_PASSWORD": "process-test-password"])
        let lines = LineCollector()
        PipeReader.follow(try #require(child.output)) { lines.append($0) }
        var ended: ChildProcess.Termination?
        defer { if ended == nil { child.signal(SIGKILL); _ = child.wait() } }

        let port = try await lines.waitForPort(timeout: .seconds(30))
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(30))
        let health = try await response.body.collect(upTo: 1 << 16)
        #expect(try JSONValue.parse(health.readableBytesView)["code"] == 0)
        #expect(lines.text.contains("Demo data seeded"))
        #expect(lines.text.contains("process-test-password"))
        // Every file the server created in its data directory is its owner's alone (the test's
        // directory itself is 0755, which the server warns about).
        let created = try FileManager.default.subpathsOfDirectory(atPath: directory)
        #expect(created.contains("legacy-bridge.sqlite") && created.contains("legacy-bridge.sqlite-wal") && created.contains("jwt-secret"),
                "\(created)")
        for path in created {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: directory + "/" + path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(path) is \(String(mode, radix: 8))")
        }
        #expect(lines.text.contains("is accessible to other users (mode 755)"), Comment(rawValue: lines.text))

        child.signal(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(30)
        while ended == nil && ContinuousClock.now < deadline {
            ended = child.poll()
            if ended == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ended == .exit(0), "did not stop cleanly within 30 s of SIGTERM")
    }

    @Test func brokenMappingStopsStartUpNamingFileAndLine() async throws {
        let binary = TestBridge.packageRoot + "/.build/debug/legacy-bridge"
        try #require(FileManager.default.isExecutableFile(atPath: binary))
        let mappings = TestBridge.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: TestBridge.mappingsDirectory) {
            try FileManager.default.copyItem(atPath: TestBridge.mappingsDirectory + "/" + name, toPath: mappings + "/" + name)
        }
        let auth = try String(contentsOfFile: mappings + "/auth.yaml", encoding: .utf8)
        try auth.replacingOccurrences(of: "translation: auth.logout", with: "translation: auth.log_out")
            .write(toFile: mappings + "/auth.yaml", atomically: true, encoding: .utf8)
        let (status, text) = try await DiffCommandTests.run(["serve", "--port", "0", "--data-dir", TestBridge.temporaryDirectory(), "--mappings", mappings])
        #expect(status != 0)
        #expect(text.contains("auth.yaml:"), "\(text)")
        #expect(text.contains("unknown translation 'auth.log_out'"), "\(text)")
    }
}

/// Collects a child process's output and finds the port it listens on.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func waitForPort(timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            // "listening on [IPv4]127.0.0.1/127.0.0.1:PORT"
            if let range = text.range(of: #"listening on \S*:(\d+)"#, options: .regularExpression) {
                let match = text[range]
                if let port = Int(match.split(separator: ":").last ?? "") { return port }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("server did not start: \(text)")
    }
}

/// `legacy-bridge diff --fixtures` as CI runs it: green on the recordings, red when one is wrong.
@Suite struct DiffCommandTests {
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        try await OffPool.run { try runBlocking(arguments) }
    }

    static func runBlocking(_ arguments: [String]) throws -> (Int32, String) {
        let (termination, output) = try ChildProcess.run(TestBridge.packageRoot + "/.build/debug/legacy-bridge", arguments)
        return (termination.status, output)
    }

    /// `--match-profiles` replays recordings once per profile and names the best per endpoint;
    /// `--profile` asks the bridge for one.
    @Test func matchProfilesNamesTheProfileThatAnswersAsRecorded() async throws {
        let copy = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.createDirectory(atPath: copy + "/lottery", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestBridge.fixturesDirectory + "/_environment.json", toPath: copy + "/_environment.json")
        // A D0 recording (the d0 golden file without its profile header) and a union one.
        let d0 = try String(contentsOfFile: TestBridge.fixturesDirectory + "/profiles/d0-lottery-config.json", encoding: .utf8)
            .replacingOccurrences(of: "\"X-Legacy-Profile\": \"d0\"", with: "\"X-Recorded\": \"d0\"")
        try d0.write(toFile: copy + "/lottery/config.json", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: TestBridge.fixturesDirectory + "/lottery/records.json", toPath: copy + "/lottery/records.json")
        let (status, text) = try await Self.run(["diff", "--fixtures", copy, "--mappings", TestBridge.mappingsDirectory, "--match-profiles"])
        #expect(status == 0, "\(text)")
        let config = try #require(text.split(separator: "\n").first { $0.hasPrefix("GET /api/lottery/config ") }, "\(text)")
        #expect(config.hasSuffix("d0") && config.contains("1/2"), "\(config)")
        let records = try #require(text.split(separator: "\n").first { $0.hasPrefix("GET /api/lottery/records ") })
        #expect(records.hasSuffix("union"), "\(records)")
        let (asD0, _) = try await Self.run(["diff", "--fixtures", copy, "--mappings", TestBridge.mappingsDirectory, "--profile", "d0"])
        #expect(asD0 == 1, "records recorded under union differ under d0")
    }

    @Test func fixturesPassAndATamperedRecordingFails() async throws {
        let (status, text) = try await Self.run(["diff", "--fixtures", TestBridge.fixturesDirectory, "--mappings", TestBridge.mappingsDirectory])
        #expect(status == 0, "\(text)")
        #expect(text.contains("TOTAL"))

        let copy = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for name in ["_environment.json", "auth"] {
            try FileManager.default.copyItem(atPath: TestBridge.fixturesDirectory + "/" + name, toPath: copy + "/" + name)
        }
        let login = copy + "/auth/login.json"
        let tampered = try String(contentsOfFile: login, encoding: .utf8).replacingOccurrences(of: "\"用户5678\"", with: "\"用户0000\"")
        try tampered.write(toFile: login, atomically: true, encoding: .utf8)
        let junit = copy + "/report.xml"
        let (failed, output) = try await Self.run([
            "diff", "--fixtures", copy, "--mappings", TestBridge.mappingsDirectory, "--report-junit", junit,
        ])
        #expect(failed == 1, "\(output)")
        #expect(output.contains("/data/user_info/nickname value_changed: \"用户0000\" → \"用户5678\""), "\(output)")
        #expect(try String(contentsOfFile: junit, encoding: .utf8).contains("<failure"))
    }
}
