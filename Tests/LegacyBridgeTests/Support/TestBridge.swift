import BridgeKit
import Foundation
import HTTPTypes
import NIOCore
import Testing
import Hummingbird
import HummingbirdTesting
import LegacyAPI
import ResponseDiff
import ServerKit
import Logging
import V4Core
import BridgeAssembly

/// Builds real bridge servers on temporary data directories for the tests.
enum TestBridge {
    static let secret = "test-only-secret-7f3a9c1e5b2d4f6a8c0e2b4d6f8a0c2e"
    /// What the recordings assume (LegacyFixtures/golden/_environment.json): every test server
    /// draws from the same seeded stream, so all transport modes see the same prizes.
    static let environment = try! GoldenEnvironment.load(directory: fixturesDirectory)
    static let adminPassword = environment.demoAdminPassword
    static let seed = environment.drawSeed
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let mappingsDirectory = packageRoot + "/Mappings"
    static let fixturesDirectory = packageRoot + "/LegacyFixtures/golden"

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// How a test reaches the legacy API.
    enum Mode: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// Requests dispatched to the router without a socket; in-process V4 transport.
        case embeddedInProcess
        /// A real socket; in-process V4 transport.
        case embeddedSocket
        /// A real socket; HTTP V4 transport to a second server serving the V4 core on a socket.
        case upstreamHTTP

        var testDescription: String { rawValue }
    }

    static func temporaryDirectory() -> String {
        PoolWatchdog.start()
        let path = NSTemporaryDirectory() + "legacy-bridge-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// bcrypt at its lowest work factor: every test server seeds an admin, and at the default
    /// factor the hashes queued on the two-thread pool made admin logins outlast the client's 20 s.
    static func coreConfiguration(_ directory: String, accessTTL: Int = 7200) -> CoreConfiguration {
        var configuration = CoreConfiguration(dataDirectory: directory, mode: .development, accessTokenTTL: accessTTL, jwtSecret: secret)
        configuration.adminPasswordCost = 4
        return configuration
    }

    /// Runs `body` against a fresh, demo-seeded bridge in `mode`.
    static func withBridge<T: Sendable>(
        _ mode: Mode, coreTimeout: TimeAmount = .seconds(30), profile: String? = nil,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await withBridge(mode, coreTimeout: coreTimeout, profile: profile) { client, _ in try await body(client) }
    }

    /// Runs `body` against a fresh, demo-seeded bridge in `mode`, with the V4 engine whose
    /// database the bridge reads (the embedded one, or the upstream core's), so tests can
    /// arrange rows the legacy API cannot write.
    static func withBridge<T: Sendable>(
        _ mode: Mode, coreTimeout: TimeAmount = .seconds(30), profile: String? = nil,
        _ body: @Sendable @escaping (any TestClientProtocol, V4Engine) async throws -> T
    ) async throws -> T {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        switch mode {
        case .embeddedInProcess, .embeddedSocket:
            var configuration = EmbeddedBridgeConfiguration(
                core: coreConfiguration(directory), mappingsDirectory: mappingsDirectory, demo: true,
                demoAdminPassword: adminPassword, randomness: SeededDrawRandomness(seed: seed))
            configuration.defaultProfile = profile
            let server = try await EmbeddedBridge.build(configuration.patient(), logger: logger)
            let engine = server.engine
            let app = server.server.application(configuration: .init(), logger: logger)
            return try await app.test(mode == .embeddedInProcess ? .router : .live) { client in try await body(client, engine) }
        case .upstreamHTTP:
            let engine = try await V4Engine.open(
                coreConfiguration(directory), randomness: SeededDrawRandomness(seed: seed), logger: logger)
            _ = try await DemoSeeder.seed(engine, adminPassword: adminPassword)
            let core = Application(router: engine.makeRouter(), logger: logger)
            return try await core.test(.live) { coreClient in
                try await withUpstreamBridge(url: "http://127.0.0.1:\(coreClient.port!)", timeout: coreTimeout, profile: profile) { client in
                    try await body(client, engine)
                }
            }
        }
    }

    /// An embedded, demo-seeded bridge on a real socket whose core and legacy routes trust
    /// `proxies` (`X-Forwarded-For` names the client); `adjust` changes the core's configuration.
    static func withTrustingBridge(
        _ proxies: [String], adjust: (inout CoreConfiguration) -> Void = { _ in },
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trusted = try TrustedProxies.parse(proxies).get()
        var core = coreConfiguration(directory)
        core.trustedProxies = trusted
        adjust(&core)
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: core, mappingsDirectory: mappingsDirectory, demo: true, demoAdminPassword: adminPassword,
                deployment: LegacyDeployment(trustedProxies: trusted)).patient(),
            logger: logger)
        try await bridge.server.application(configuration: .init(), logger: logger).test(.live, body)
    }

    /// An embedded, demo-seeded bridge on a real socket, with its engine and socket hub.
    static func withEmbeddedServer<T: Sendable>(
        _ body: @Sendable @escaping (any TestClientProtocol, V4Engine, SocketHub) async throws -> T
    ) async throws -> T {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: coreConfiguration(directory), mappingsDirectory: mappingsDirectory, demo: true,
                demoAdminPassword: adminPassword, randomness: SeededDrawRandomness(seed: seed)).patient(),
            logger: logger)
        let engine = bridge.engine
        guard let hub = bridge.server.sockets else { throw TestFailure("Mappings have no realtime: section") }
        return try await bridge.server.application(configuration: .init(), logger: logger).test(.live) { client in
            try await body(client, engine, hub)
        }
    }

    /// An embedded, demo-seeded bridge (in-process dispatch) with its engine, for tests that
    /// arrange data the legacy API cannot (limits, campaign state).
    static func withEmbeddedBridge<T: Sendable>(
        _ body: @Sendable @escaping (any TestClientProtocol, V4Engine) async throws -> T
    ) async throws -> T {
        try await withBridge(.embeddedInProcess, body)
    }

    /// A bridge translating onto the V4 core at `url`, on a real socket.
    static func withUpstreamBridge<T: Sendable>(
        url: String, timeout: TimeAmount, profile: String? = nil, legacyIds: LegacyIdMap = LegacyIdMap(),
        state: (any BridgeStore)? = nil, deployment: LegacyDeployment = LegacyDeployment(), watch: ChangeWatcher.Settings? = nil,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        var configuration = BridgeConfiguration(core: .upstream(url: url, timeout: timeout), mappingsDirectory: mappingsDirectory,
                                                defaultProfile: profile).patient()
        configuration.legacyIds = legacyIds
        configuration.state = state
        configuration.deployment = deployment
        configuration.watch = watch
        let server = try await BridgeServer.build(configuration, logger: logger)
        let watching = server.watcher.map { watcher in Task { await watcher.run() } }
        defer { watching?.cancel() }
        do {
            let result = try await server.application(configuration: .init(), logger: logger).test(.live, body)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }
}

/// A response as the tests look at it.
struct LegacyResult: Sendable {
    var status: Int
    var body: JSONValue
    var raw: String
}

extension TestClientProtocol {
    /// Sends a request with an optional raw body and bearer token; parses the JSON answer.
    func send(_ method: HTTPRequest.Method, _ path: String, body: String? = nil, token: String? = nil,
              headers extra: [String: String] = [:]) async throws -> LegacyResult
    {
        var headers = HTTPFields()
        if body != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        let response = try await executeRequest(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let raw = String(buffer: response.body)
        return LegacyResult(status: response.status.code, body: (try? JSONValue.parse(raw)) ?? .string(raw), raw: raw)
    }

    func send(_ method: HTTPRequest.Method, _ path: String, json: JSONValue, token: String? = nil) async throws -> LegacyResult {
        try await send(method, path, body: json.serialized(), token: token)
    }

    /// Logs the demo user (or another mobile) in through the legacy API; returns (access, refresh).
    func legacyLogin(_ mobile: String = DemoSeeder.testUserMobile) async throws -> (String, String) {
        let result = try await send(.post, "/api/auth/login", json: ["mobile": .string(mobile), "verification_code": "123456"])
        guard let access = result.body["data"]?["access_token"]?.stringValue,
            let refresh = result.body["data"]?["refresh_token"]?.stringValue
        else { throw TestFailure("login failed: \(result.raw)") }
        return (access, refresh)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestBridge {
    /// A fresh bridge in `mode` with rows arranged in its core, and the demo user's access token.
    static func withArrangedData<T: Sendable>(
        _ mode: Mode, arrange: @Sendable @escaping (V4Engine) async throws -> Void,
        _ body: @Sendable @escaping (any TestClientProtocol, String) async throws -> T
    ) async throws -> T {
        try await withBridge(mode) { client, engine in
            try await arrange(engine)
            return try await body(client, try await client.legacyLogin().0)
        }
    }

    /// Each path answers a missing and a forged token with the legacy `2001 用户未登录` (HTTP 401).
    static func expectLegacyAuthRequired(_ paths: [String]) async throws {
        try await withBridge(.embeddedSocket) { client in
            let forgedToken = try await GoldenFixtureTests.mint("forged")
            for path in paths {
                for token in [nil, forgedToken] {
                    let result = try await client.send(.get, path, token: token)
                    #expect(result.status == 401 && result.body["code"] == 2001, Comment(rawValue: "\(path): \(result.raw)"))
                }
            }
        }
    }
}

/// Server limits for tests that are not about limits. HummingbirdTesting's live client opens
/// its connection before the test body runs; with the production header timeout (10 s from
/// accept) a CI machine that paused the test for longer than that between connecting and the
/// first request got the connection closed under it (`I/O on closed channel`; seen once, in a
/// burst of tests finishing together). ConnectionLimitTests keep the production defaults and
/// set their own.
enum PatientLimits {
    static let value: ServerLimits = {
        var limits = ServerLimits()
        limits.headerTimeout = .seconds(600)
        limits.idleTimeout = .seconds(600)
        return limits
    }()
}

extension EmbeddedBridgeConfiguration {
    /// This configuration with `PatientLimits`.
    func patient() -> Self { var copy = self; copy.limits = PatientLimits.value; return copy }
}

extension BridgeConfiguration {
    /// This configuration with `PatientLimits`.
    func patient() -> Self { var copy = self; copy.limits = PatientLimits.value; return copy }
}
