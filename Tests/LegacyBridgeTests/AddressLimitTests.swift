import BridgeAssembly
import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import LegacyAPI
import NIOConcurrencyHelpers
import ServerKit
import Testing
import V4Contract
import V4Core

/// Requests per client address on the brute-force and SMS-pumping targets: counted once per
/// request whichever API family it came through, the address taken from X-Forwarded-For only
/// when the peer is a trusted proxy.
@Suite struct AddressLimitTests {
    @Test func slidingWindowAdmitsTheLimitThenRecovers() {
        let now = NIOLockedValueBox(Date(timeIntervalSince1970: 1_750_000_020))
        let limiter = AddressLimiter(limits: ["login": AddressLimit(limit: 3, window: 60)], clock: { now.withLockedValue { $0 } })
        for _ in 0..<3 { #expect(limiter.admit("login", address: "203.0.113.1") == nil) }
        let wait = limiter.admit("login", address: "203.0.113.1")
        #expect(wait != nil && wait! > 0 && wait! <= 60, "\(String(describing: wait))")
        #expect(limiter.admit("login", address: "203.0.113.2") == nil, "another address has its own budget")
        #expect(limiter.admit("send_code", address: "203.0.113.1") == nil, "an unknown kind is not limited")
        // Next window: the previous one still weighs in, so the budget returns gradually…
        now.withLockedValue { $0 += 60 }
        #expect(limiter.admit("login", address: "203.0.113.1") != nil, "3 requests a moment ago still count")
        // …and fully once the previous window no longer overlaps.
        now.withLockedValue { $0 += 60 }
        for _ in 0..<3 { #expect(limiter.admit("login", address: "203.0.113.1") == nil) }
    }

    @Test func memoryIsBoundedByTheCapacity() {
        let limiter = AddressLimiter(limits: ["login": AddressLimit(limit: 5, window: 60)], capacity: 100)
        for index in 0..<1_000 { _ = limiter.admit("login", address: "10.0.\(index / 256).\(index % 256)") }
        #expect(limiter.trackedCount <= 100)
    }

    @Test func trustedProxiesDecideWhichAddressCounts() throws {
        let proxies = try TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]).get()
        #expect(proxies.contains("10.20.30.40") && proxies.contains("127.0.0.1") && proxies.contains("fd12::1"))
        #expect(!proxies.contains("11.0.0.1") && !proxies.contains("fe80::1") && !proxies.contains("not an address"))
        #expect(proxies.contains("::ffff:10.1.2.3"), "IPv4-mapped IPv6 is its IPv4 address")
        // An untrusted peer's header is ignored: a client cannot pick the address it is counted as.
        #expect(proxies.clientAddress(peer: "198.51.100.9", forwardedFor: "203.0.113.5") == "198.51.100.9")
        // From a trusted proxy: the right-most entry that is not a trusted proxy.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "203.0.113.5") == "203.0.113.5")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "6.6.6.6, 203.0.113.5, 10.0.0.2") == "203.0.113.5")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "garbage, 203.0.113.5") == "203.0.113.5")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "203.0.113.5, garbage") == "127.0.0.1",
                "a malformed entry ends the walk at the last trusted hop")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: nil) == "127.0.0.1")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", forwardedFor: "203.0.113.5") == "127.0.0.1")
        for bad in ["10.0.0.0/33", "1.2.3", "::1/129", "host.example"] {
            #expect(throws: TrustedProxies.InvalidEntry.self) { try TrustedProxies.parse([bad]).get() }
        }
    }

    /// An embedded bridge on a real socket whose `send_code` limit is 3 a minute per address.
    static func withLimitedServer(trusting proxies: [String], _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void)
        async throws
    {
        try await TestBridge.withTrustingBridge(proxies, adjust: { $0.addressLimits["send_code"] = AddressLimit(limit: 3, window: 60) }, body)
    }

    static func sendCode(_ client: any TestClientProtocol, _ number: Int, v4: Bool = false, forwardedFor: String? = nil) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let forwardedFor { headers[.xForwardedFor] = forwardedFor }
        let path = v4 ? "/api/v4/unified-engine/auth/send-code" : "/api/auth/send-code"
        return try await client.executeRequest(
            uri: path, method: .post, headers: headers, body: .init(string: #"{"mobile":"1370000\#(1000 + number)"}"#))
    }

    @Test func sendCodeFloodFromOneAddressIsRefusedAcrossBothFamilies() async throws {
        try await Self.withLimitedServer(trusting: []) { client in
            for number in 0..<3 {
                let sent = try await Self.sendCode(client, number)
                #expect(try JSONValue.parse(sent.body.readableBytesView)["code"] == 0, Comment(rawValue: String(buffer: sent.body)))
            }
            let refused = try await Self.sendCode(client, 3)
            #expect(refused.status == .tooManyRequests)
            #expect(try JSONValue.parse(refused.body.readableBytesView)["code"] == 3007, Comment(rawValue: String(buffer: refused.body)))
            let retry = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect(retry >= 1 && retry <= 60)
            // The V4 route counts against the same budget…
            let direct = try await Self.sendCode(client, 4, v4: true)
            #expect(direct.status == .tooManyRequests)
            #expect(try JSONValue.parse(direct.body.readableBytesView)["code"] == "RATE_LIMIT_EXCEEDED")
            // …and a made-up X-Forwarded-For from an untrusted peer changes nothing.
            let spoofed = try await Self.sendCode(client, 5, forwardedFor: "203.0.113.77")
            #expect(spoofed.status == .tooManyRequests)
            // Other routes are not limited by it.
            let login = try await client.send(.post, "/api/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
            #expect(login.body["code"] == 0)
        }
    }

    @Test func behindATrustedProxyEachForwardedClientHasItsOwnBudget() async throws {
        try await Self.withLimitedServer(trusting: ["127.0.0.1", "::1"]) { client in
            for number in 0..<3 {
                let sent = try await Self.sendCode(client, number, forwardedFor: "203.0.113.10")
                #expect(try JSONValue.parse(sent.body.readableBytesView)["code"] == 0)
            }
            #expect(try await Self.sendCode(client, 3, forwardedFor: "203.0.113.10").status == .tooManyRequests)
            // A client further left in the chain than the proxy's own entry is not believed.
            #expect(try await Self.sendCode(client, 4, forwardedFor: "198.51.100.1, 203.0.113.10").status == .tooManyRequests)
            let neighbour = try await Self.sendCode(client, 5, forwardedFor: "203.0.113.11")
            #expect(try JSONValue.parse(neighbour.body.readableBytesView)["code"] == 0, "another client behind the same proxy")
        }
    }
}
