import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing
import V4Contract
import V4Core
import BridgeAssembly
import LegacyAPI
import ServerKit

/// Brute force on the admin password and on SMS codes meets a lockout per account and address
/// that recovers, and that a stranger cannot turn against the owner.
@Suite struct LoginThrottleTests {
    /// A stranger's failures lock the stranger's address, not the owner's; a distributed guess
    /// shuts out every address that failed, still not one that did not.
    @Test func aStrangerCannotLockTheOwnerOut() throws {
        let now = NIOLockedValueBox(Date(timeIntervalSince1970: 1_750_000_000))
        let throttle = AttemptThrottle(
            policy: .init(limit: 3, window: 60, lockout: 120, accountLimit: 5), clock: { now.withLockedValue { $0 } })
        for _ in 0..<3 { throttle.failed("mobile:1", from: "198.51.100.7") }
        #expect(throws: V4Error.self) { try throttle.check("mobile:1", from: "198.51.100.7") }
        try throttle.check("mobile:1", from: "198.51.100.8")
        // Two more failures, from two more addresses: five on the account in the window.
        throttle.failed("mobile:1", from: "198.51.100.9")
        throttle.failed("mobile:1", from: "198.51.100.10")
        #expect(throws: V4Error.self) { try throttle.check("mobile:1", from: "198.51.100.9") }
        do { try throttle.check("mobile:1", from: "198.51.100.10") } catch { #expect(error.retryAfter == 60) }
        try throttle.check("mobile:1", from: "198.51.100.8")
        throttle.succeeded("mobile:1", from: "198.51.100.8")
        now.withLockedValue { $0 += 61 }
        try throttle.check("mobile:1", from: "198.51.100.9")
    }

    /// Over real sockets behind a trusted proxy: five wrong codes from one client address, then
    /// the owner, from another, logs in; the stranger is still refused.
    @Test func overHTTPTheOwnerLogsInWhileTheStrangerIsLocked() async throws {
        try await TestBridge.withTrustingBridge(["127.0.0.1", "::1"]) { client in
            func login(_ code: String, from address: String) async throws -> JSONValue {
                let response = try await client.executeRequest(
                    uri: "/api/auth/login", method: .post, headers: [.contentType: "application/json", .xForwardedFor: address],
                    body: .init(string: #"{"mobile":"\#(DemoSeeder.testUserMobile)","verification_code":"\#(code)"}"#))
                return try JSONValue.parse(response.body.readableBytesView)
            }
            for _ in 0..<5 { #expect(try await login("000000", from: "203.0.113.5")["code"] != 0) }
            #expect(try await login("123456", from: "203.0.113.5")["code"] == 3007, "the stranger's address is locked")
            let owner = try await login("123456", from: "203.0.113.6")
            #expect(owner["code"] == 0, Comment(rawValue: owner.serialized()))
        }
    }

    @Test func lockoutAfterTheLimitThenRecovery() throws {
        let now = NIOLockedValueBox(Date(timeIntervalSince1970: 1_750_000_000))
        let throttle = AttemptThrottle(policy: .init(limit: 3, window: 60, lockout: 120), clock: { now.withLockedValue { $0 } })
        for _ in 0..<2 { throttle.failed("admin:root") }
        try throttle.check("admin:root")
        throttle.failed("admin:root")
        #expect(throws: V4Error.self) { try throttle.check("admin:root") }
        do { try throttle.check("admin:root") } catch { #expect(error.retryAfter == 120 && error.code == .rateLimitExceeded) }
        try throttle.check("admin:other")
        now.withLockedValue { $0 += 119 }
        #expect(throws: V4Error.self) { try throttle.check("admin:root") }
        now.withLockedValue { $0 += 2 }
        try throttle.check("admin:root")
        // Failures older than the window do not add up; a success clears the count.
        throttle.failed("m"); throttle.failed("m")
        now.withLockedValue { $0 += 61 }
        throttle.failed("m"); throttle.failed("m")
        try throttle.check("m")
        throttle.succeeded("m")
        throttle.failed("m"); throttle.failed("m")
        try throttle.check("m")
    }

    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func adminPasswordAndSMSCodeGuessesAreThrottled(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            for attempt in 0..<5 {
                let wrong = try await client.send(.post, "/api/auth/admin-login", json: ["username": "admin", "password": .string("guess-\(attempt)")])
                #expect(wrong.body["code"] == 3003, Comment(rawValue: wrong.raw))
            }
            let locked = try await client.executeRequest(
                uri: "/api/auth/admin-login", method: .post, headers: [.contentType: "application/json"],
                body: .init(string: #"{"username":"admin","password":"\#(TestBridge.adminPassword)"}"#))
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 800)
            #expect(try JSONValue.parse(locked.body.readableBytesView)["code"] == 3007)
            // The embedded core's own V4 route is the same account: locked there too.
            if mode == .embeddedInProcess {
                let direct = try await client.send(
                    .post, "/api/v4/unified-engine/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
                #expect(direct.status == 429 && direct.body["code"] == "RATE_LIMIT_EXCEEDED", Comment(rawValue: direct.raw))
            }

            let mobile = "13700001234"
            for _ in 0..<5 {
                let wrong = try await client.send(.post, "/api/auth/login", json: ["mobile": .string(mobile), "verification_code": "000000"])
                #expect(wrong.body["code"] != 0)
            }
            let lockedCode = try await client.send(.post, "/api/auth/login", json: ["mobile": .string(mobile), "verification_code": "123456"])
            #expect(lockedCode.status == 429 && lockedCode.body["code"] == 3007, Comment(rawValue: lockedCode.raw))
            // Another account is not affected.
            let other = try await client.send(.post, "/api/auth/login", json: ["mobile": "13700005678", "verification_code": "123456"])
            #expect(other.body["code"] == 0)
        }
    }
}
