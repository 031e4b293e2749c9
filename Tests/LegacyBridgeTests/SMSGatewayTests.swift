import BridgeAssembly
import BridgeKit
import Crypto
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing
import V4Core

/// Verification codes in production: through the configured HTTP gateway (a real local server
/// here), never logged; refused cleanly when no gateway is configured or it fails; stored only
/// as a keyed hash.
@Suite struct SMSGatewayTests {
    /// A gateway that records what it was asked to send, answering `status`.
    static func withGateway(_ status: NIOLockedValueBox<HTTPResponse.Status>, _ sent: NIOLockedValueBox<[JSONValue]>,
                            _ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/sms") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 4096)
            if request.headers[.authorization] == "Bearer gateway-token" {
                sent.withLockedValue { $0.append((try? JSONValue.parse(bytes.readableBytesView)) ?? .null) }
            }
            return Response(status: status.withLockedValue { $0 })
        }
        try await Application(router: router).test(.live) { client in try await body("http://127.0.0.1:\(client.port!)/sms") }
    }

    static func production(_ directory: String, sender: (any SMSSender)?) -> EmbeddedBridgeConfiguration {
        var core = TestBridge.coreConfiguration(directory)
        core.mode = .production
        var configuration = EmbeddedBridgeConfiguration(
            core: core, mappingsDirectory: TestBridge.mappingsDirectory, demo: true, demoAdminPassword: TestBridge.adminPassword)
        configuration.smsSender = sender
        return configuration.patient()
    }

    @Test func codesGoThroughTheGatewayAndFailuresCanBeRetriedAtOnce() async throws {
        let status = NIOLockedValueBox(HTTPResponse.Status.internalServerError)
        let sent = NIOLockedValueBox([JSONValue]())
        try await Self.withGateway(status, sent) { url in
            let directory = TestBridge.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let bridge = try await EmbeddedBridge.build(
                Self.production(directory, sender: HTTPSMSSender(url: url, token: "gateway-token")), logger: TestBridge.logger)
            try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.router) { client in
                let mobile: JSONValue = "13700007777"
                // The gateway fails: the client is told, and may ask again at once.
                let failed = try await client.send(.post, "/api/auth/send-code", json: ["mobile": mobile])
                #expect(failed.status == 503 && failed.body["code"] == 5001, Comment(rawValue: failed.raw))
                status.withLockedValue { $0 = .ok }
                let ok = try await client.send(.post, "/api/auth/send-code", json: ["mobile": mobile])
                #expect(ok.body["code"] == 0, Comment(rawValue: ok.raw))
                let message = try #require(sent.withLockedValue { $0.last })
                #expect(message["mobile"] == mobile && message["template"] == "verification")
                let code = try #require(message["code"]?.stringValue)
                #expect(code.count == 6)
                // The universal code is a development convenience only.
                let universal = try await client.send(.post, "/api/auth/login", json: ["mobile": mobile, "verification_code": "123456"])
                #expect(universal.body["code"] != 0 || code == "123456")
                let login = try await client.send(.post, "/api/auth/login", json: ["mobile": mobile, "verification_code": .string(code)])
                #expect(login.body["code"] == 0, Comment(rawValue: login.raw))
            }
        }
    }

    @Test func withoutAGatewayProductionRefusesToSend() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bridge = try await EmbeddedBridge.build(Self.production(directory, sender: nil), logger: TestBridge.logger)
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.router) { client in
            let legacy = try await client.send(.post, "/api/auth/send-code", json: ["mobile": "13700008888"])
            #expect(legacy.status == 503 && legacy.body["code"] == 5001, Comment(rawValue: legacy.raw))
            let v4 = try await client.send(.post, "/api/v4/unified-engine/auth/send-code", json: ["mobile": "13700008888"])
            #expect(v4.status == 503 && v4.body["code"] == "SMS_SERVICE_UNAVAILABLE", Comment(rawValue: v4.raw))
        }
    }

    /// The stored hash is keyed by the server secret: not the plain SHA-256 of `mobile:code`
    /// (which a copied database gives away by trying all million codes), and a different secret
    /// stores the same code differently.
    @Test func storedCodeHashesAreKeyedByTheServerSecret() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TestBridge.coreConfiguration(directory)
        configuration.mode = .production
        let sms = CapturingSMS()
        let engine = try await V4Engine.open(configuration, smsSender: sms, logger: TestBridge.logger)
        _ = try await engine.auth.sendCode(mobile: "13800138000")
        let code = try #require(await sms.last)
        let stored = try await engine.database.read { db in
            try String.fetchOne(db, sql: "SELECT code_hash FROM verification_codes WHERE mobile = '13800138000'") ?? ""
        }
        let unkeyed = SHA256.hash(data: Array("13800138000:\(code)".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(stored.count == 64 && stored != unkeyed)
        let otherKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Array("another-server-secret-0123456789-abcdef".utf8)),
            info: Array("legacy-bridge verification codes v1".utf8), outputByteCount: 32)
        let underOther = HMAC<SHA256>.authenticationCode(for: Array("13800138000:\(code)".utf8), using: otherKey)
            .map { String(format: "%02x", $0) }.joined()
        #expect(stored != underOther)
        #expect(try await engine.auth.login(mobile: "13800138000", verificationCode: code).user.mobile == "13800138000")
    }
}
