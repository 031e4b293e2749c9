import AsyncHTTPClient
import BridgeAssembly
import BridgeKit
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LegacyAPI
import NIOCore
import ResponseDiff
import Synchronization
import Testing
import V4Core

/// Shadow cut-over (`serve --shadow` / `--primary`) in front of a fake old backend: a small server
/// that answers the legacy API as a second demo bridge does (the recorded behaviour), except one
/// route made to differ (`/api/lottery/config`'s cost) and one field made noisy (a random
/// `nonce` in `/api/exchange/products`).
@Suite(.serialized) struct ShadowTests {
    /// What the fake old backend saw, per path.
    final class Seen: Sendable {
        let paths = Mutex<[String]>([])
        let forwardedFor = Mutex<[String]>([])
        func add(_ path: String) { paths.withLock { $0.append(path) } }
        func count(_ prefix: String) -> Int { paths.withLock { $0.filter { $0.hasPrefix(prefix) }.count } }
    }

    /// The fake old backend: proxies to `truth` (another demo bridge), changes what it was told to.
    static func oldBackend(truth: String, seen: Seen, delay: Duration = .zero) -> some ApplicationProtocol {
        let client = HTTPClient.shared
        let router = Router()
        router.on("**", method: .get) { request, _ in try await answer(request, client: client, truth: truth, seen: seen, delay: delay) }
        router.on("**", method: .post) { request, _ in try await answer(request, client: client, truth: truth, seen: seen, delay: delay) }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func answer(_ request: Request, client: HTTPClient, truth: String, seen: Seen, delay: Duration) async throws -> Response {
        var request = request
        let path = request.uri.path
        seen.add(path)
        if let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] { seen.forwardedFor.withLock { $0.append(forwarded) } }
        if delay > .zero { try await Task.sleep(for: delay) }
        var outgoing = HTTPClientRequest(url: truth + (request.uri.query.map { path + "?" + $0 } ?? path))
        outgoing.method = .init(rawValue: request.method.rawValue)
        if let auth = request.headers[.authorization] { outgoing.headers.add(name: "Authorization", value: auth) }
        outgoing.headers.add(name: "Content-Type", value: "application/json")
        outgoing.body = .bytes(try await request.collectBody(upTo: 1 << 20))
        let response = try await client.execute(outgoing, timeout: .seconds(20))
        var body = try JSONValue.parse(Array(try await response.body.collect(upTo: 1 << 22).readableBytesView))
        if path == "/api/lottery/config", case .object(var root) = body, case .object(var data)? = root["data"] {
            data["costPerDraw"] = .int((data["costPerDraw"]?.intValue ?? 0) + 1)
            root["data"] = .object(data)
            body = .object(root)
        }
        if path == "/api/exchange/products", case .object(var root) = body, case .object(var data)? = root["data"] {
            data["nonce"] = .string(UUID().uuidString)
            root["data"] = .object(data)
            body = .object(root)
        }
        return Response(
            status: .init(code: Int(response.status.code)), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    /// A demo bridge with `shadow` settings on a socket, its comparison loop running.
    static func withShadowedBridge(
        _ settings: ShadowSettings, _ body: @Sendable @escaping (any TestClientProtocol, ShadowTraffic, V4Engine) async throws -> Void
    ) async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = EmbeddedBridgeConfiguration(
            core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
            demoAdminPassword: TestBridge.adminPassword, randomness: SeededDrawRandomness(seed: TestBridge.seed))
        configuration.shadow = settings
        let bridge = try await EmbeddedBridge.build(configuration.patient(), logger: TestBridge.logger)
        let server = bridge.server
        let traffic = try #require(server.shadow)
        let engine = bridge.engine
        let loop = Task { await traffic.run() }
        defer { loop.cancel() }
        try await server.application(configuration: .init(), logger: TestBridge.logger).test(.live) { client in
            traffic.serving(at: "http://127.0.0.1:\(client.port!)")
            try await body(client, traffic, engine)
        }
        await server.shutdown()
    }

    /// The live counts once `expected` comparisons have finished (bounded wait).
    static func counts(_ traffic: ShadowTraffic, until done: ([String: LiveCounts]) -> Bool) async throws -> [String: LiveCounts] {
        for _ in 0..<200 {
            let rows = Dictionary(uniqueKeysWithValues: traffic.ledger.snapshot(readyAfter: 2).counts.map { ($0.endpoint, $0) })
            if done(rows) { return rows }
            try await Task.sleep(for: .milliseconds(50))
        }
        return Dictionary(uniqueKeysWithValues: traffic.ledger.snapshot(readyAfter: 2).counts.map { ($0.endpoint, $0) })
    }

    @Test func shadowCountsFindsTheDifferingFieldAndClassifiesNoise() async throws {
        let seen = Seen()
        try await TestBridge.withBridge(.embeddedSocket) { truth in
            let truthURL = "http://127.0.0.1:\(truth.port!)"
            try await Self.oldBackend(truth: truthURL, seen: seen).test(.live) { old in
                var settings = ShadowSettings(mode: .shadow, oldBackend: "http://127.0.0.1:\(old.port!)")
                settings.readyAfter = 2
                try await Self.withShadowedBridge(settings) { client, traffic, _ in
                    let (token, _) = try await client.legacyLogin()
                    for _ in 0..<3 {
                        #expect(try await client.send(.get, "/api/user/status", token: token).body["code"] == 0)
                        #expect(try await client.send(.get, "/api/lottery/config", token: token).body["code"] == 0)
                        #expect(try await client.send(.get, "/api/exchange/products", token: token).body["code"] == 0)
                    }
                    // A write is answered and never sent to the old backend.
                    #expect(try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token).body["code"] == 0)
                    let rows = try await Self.counts(traffic) { rows in
                        ["GET /api/user/status", "GET /api/lottery/config", "GET /api/exchange/products"].allSatisfy { (rows[$0]?.compared ?? 0) >= 3 }
                    }
                    let status = try #require(rows["GET /api/user/status"]), config = try #require(rows["GET /api/lottery/config"])
                    let products = try #require(rows["GET /api/exchange/products"])
                    #expect(status.compared == 3 && status.equal == 3 && status.ready, "\(status)")
                    #expect(config.compared == 3 && config.different == 3 && !config.ready, "\(config)")
                    #expect(products.compared == 3 && products.noiseOnly == 3 && products.different == 0, "\(products)")
                    #expect(rows["POST /api/lottery/draw"]?.skipped == 1 && seen.count("/api/lottery/draw") == 0)
                    #expect(rows["POST /api/auth/login"]?.compared == 1, "the login is mirrored (opted in) to map the token")
                    let sample = traffic.report().results.filter { $0.endpoint == "GET /api/lottery/config" }
                    #expect(sample.count == 3 && sample.allSatisfy { $0.differences.map(\.path) == ["/data/costPerDraw"] })

                    // No secret in metrics, logs or reports: neither side's token, no full mobile.
                    let metrics = try await client.send(.get, "/metrics").raw
                    #expect(metrics.contains("legacy_bridge_shadow_total{endpoint=\"GET /api/lottery/config\",outcome=\"different\"} 3"), Comment(rawValue: metrics))
                    for format in ["json", "html", "junit", "text"] {
                        let report = try await client.send(.get, "/shadow/report?format=\(format)").raw
                        #expect(report.contains("GET /api/lottery/config"))
                        #expect(!report.contains(token) && !report.contains("13800138000") && !report.contains("eyJ"), "\(format) leaks a secret")
                    }
                    let html = try await client.send(.get, "/shadow/report?format=html").raw
                    #expect(html.contains("<tr class=\"ready\"><td>GET /api/user/status</td>"))
                }
            }
        }
    }

    /// An old backend that hangs: clients are answered as fast as without shadowing, the queue
    /// stays bounded and what does not fit is dropped and counted.
    @Test func aHangingOldBackendNeitherSlowsClientsNorGrowsTheQueue() async throws {
        let seen = Seen()
        try await TestBridge.withBridge(.embeddedSocket) { truth in
            try await Self.oldBackend(truth: "http://127.0.0.1:\(truth.port!)", seen: seen, delay: .seconds(8)).test(.live) { old in
                var settings = ShadowSettings(mode: .shadow, oldBackend: "http://127.0.0.1:\(old.port!)")
                settings.queueCapacity = 2
                settings.concurrency = 1
                settings.timeout = .seconds(10)
                try await Self.withShadowedBridge(settings) { client, traffic, _ in
                    // Anonymous reads need no token on the other side.
                    let clock = ContinuousClock()
                    var slowest = Duration.zero
                    for _ in 0..<12 {
                        let started = clock.now
                        let answer = try await client.send(.get, "/api/v1/auth/captcha")
                        slowest = max(slowest, started.duration(to: clock.now))
                        #expect(answer.status == 200 || answer.body["code"] == 1001)
                    }
                    // Each answer without waiting for the old backend's 8 s (a wide margin).
                    #expect(slowest < .seconds(4), "slowest client answer \(slowest)")
                    let rows = try await Self.counts(traffic) { ($0["GET /api/v1/auth/captcha"]?.dropped ?? 0) >= 8 }
                    let captcha = try #require(rows["GET /api/v1/auth/captcha"])
                    // One in flight, two waiting (and one more when the loop had not yet taken
                    // the first), the rest dropped.
                    #expect((8...9).contains(captcha.dropped) && captcha.compared == 0, "\(captcha)")
                }
            }
        }
    }

    /// Dark launch: clients get the old backend's bytes (its cost per draw, one more than the
    /// bridge's), the bridge's answers are compared on the side once a mirrored login mapped the
    /// caller, and the bridge's write never reaches V4.
    @Test func primaryModeAnswersWithTheOldBytesAndKeepsWritesAwayFromV4() async throws {
        let seen = Seen()
        try await TestBridge.withBridge(.embeddedSocket) { truth in
            try await Self.oldBackend(truth: "http://127.0.0.1:\(truth.port!)", seen: seen).test(.live) { old in
                var settings = ShadowSettings(mode: .primary, oldBackend: "http://127.0.0.1:\(old.port!)")
                settings.readyAfter = 2
                try await Self.withShadowedBridge(settings) { client, traffic, engine in
                    let unknown = try await client.send(
                        .get, "/api/user/status", token: "a-token-from-before-shadowing", headers: ["X-Forwarded-For": "203.0.113.9"])
                    #expect(unknown.body["code"] != 0, "the old backend decides: \(unknown.raw)")
                    let (token, _) = try await client.legacyLogin()
                    let config = try await client.send(.get, "/api/lottery/config", token: token)
                    #expect(config.body["data"]?["costPerDraw"] == 101, "the old backend's bytes: \(config.raw)")
                    for _ in 0..<2 { #expect(try await client.send(.get, "/api/user/status", token: token).body["code"] == 0) }
                    let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                    #expect(draw.body["code"] == 0 && seen.count("/api/lottery/draw") == 1, "the old backend drew")
                    let rows = try await Self.counts(traffic) { rows in
                        (rows["GET /api/user/status"]?.compared ?? 0) >= 2 && (rows["GET /api/lottery/config"]?.compared ?? 0) >= 1
                    }
                    #expect(rows["GET /api/user/status"]?.equal == 2 && rows["GET /api/user/status"]?.skipped == 1, "\(String(describing: rows["GET /api/user/status"]))")
                    #expect(rows["GET /api/lottery/config"]?.different == 1)
                    #expect(rows["POST /api/lottery/draw"]?.skipped == 1, "the write is not run on the bridge")
                    let draws = try await engine.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lottery_draw_records") }
                    #expect(draws == 0, "nothing reached the bridge's V4")
                    // The old backend is told the client's address, never one the client made up
                    // (this bridge trusts no proxy, so the peer is the client).
                    let forwarded = seen.forwardedFor.withLock { $0 }
                    #expect(!forwarded.isEmpty && forwarded.allSatisfy { $0 == "127.0.0.1" }, "\(forwarded)")
                }
            }
        }
    }
}
