import BridgeKit
import Foundation
import HTTPTypes
import NIOWebSocket
import Testing
import V4Core
import BridgeAssembly
import HummingbirdTesting
import ServerKit
import V4Contract
@testable import LegacyAPI

/// Many sockets at once, events racing: each reaches exactly its user's sockets.
@Suite struct SocketLoadTests {
    /// 200 sockets (100 users × 2) open while 50 of the users draw concurrently: every drawing
    /// user's two sockets get exactly one points_update with that user's balance, nobody else
    /// gets any; closing them all leaves the hub empty.
    @Test func twoHundredSocketsWithConcurrentDraws() async throws {
        try await TestBridge.withEmbeddedServer { client, engine, hub in
            let port = try #require(client.port)
            var logins: [String] = []
            for index in 0..<100 {
                logins.append(try await client.legacyLogin(String(format: "1370000%04d", index)).0)
            }
            let tokens = logins
            let sockets = tokens.map { token in (0..<2).map { _ in TestSocket(port: port, path: "/ws?token=\(token)") } }
            for pair in sockets { for socket in pair { #expect(try await socket.message(0)["type"] == "connected") } }
            #expect(hub.counts.authenticated == 200 && hub.counts.users == 100)

            let drawers = Array(0..<50)
            let balances = try await withThrowingTaskGroup(of: (Int, JSONValue?).self) { group in
                for index in drawers {
                    group.addTask {
                        let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: tokens[index])
                        return (index, draw.body["data"]?["user_info"]?["remaining_points"])
                    }
                }
                var result: [Int: JSONValue] = [:]
                for try await (index, balance) in group { result[index] = balance }
                return result
            }
            for (index, pair) in sockets.enumerated() {
                for socket in pair {
                    let seen = try await socket.roundTrip()
                    let updates = seen.filter { $0["type"] == "points_update" }
                    if index < drawers.count {
                        #expect(updates.count == 1, Comment(rawValue: "user \(index): \(updates)"))
                        #expect(updates.first?["data"]?["new_balance"] == balances[index])
                    } else {
                        #expect(updates.isEmpty, Comment(rawValue: "user \(index) drew nothing: \(updates)"))
                    }
                }
            }
            // The ledger agrees: 50 debits of 100.
            let debits = try await engine.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_records WHERE business_type = 'lottery_draw'") ?? 0
            }
            #expect(debits == 50)
            for pair in sockets { for socket in pair { await socket.close() } }
            var open = hub.counts.open
            for _ in 0..<200 where open > 0 {
                try await Task.sleep(for: .milliseconds(50))
                open = hub.counts.open
            }
            #expect(open == 0 && hub.counts.users == 0)
        }
    }
}

extension SocketLimitTests {
    /// N3: a socket whose client stopped reading (its app frozen) while pushes keep coming is
    /// closed once its send buffer has stayed full for the send timeout, and its place is free.
    @Test func aSocketThatStopsReadingIsClosed() async throws {
        let mappings = try Self.mappings([("heartbeat_seconds: 30", "heartbeat_seconds: 0")])
        defer { try? FileManager.default.removeItem(atPath: mappings) }
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = EmbeddedBridgeConfiguration(
            core: TestBridge.coreConfiguration(directory), mappingsDirectory: mappings, demo: true, demoAdminPassword: TestBridge.adminPassword
        ).patient()
        configuration.limits.sendTimeout = .seconds(2)
        let bridge = try await EmbeddedBridge.build(configuration, logger: TestBridge.logger)
        let hub = try #require(bridge.server.sockets)
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.live) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let raw = try await OffPool.run { () throws -> ConnectionLimitTests.Raw in
                let raw = try ConnectionLimitTests.Raw(port: port)
                raw.send(
                    "GET /ws?token=\(token) HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                return raw
            }
            let opened = ContinuousClock.now
            while hub.counts.authenticated < 1, ContinuousClock.now < opened + .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(hub.counts.authenticated == 1)
            // Large pushes in bursts, never read, until the server lets go (at most 60 s).
            let content = String(repeating: "公告内容", count: 500)
            let started = ContinuousClock.now
            var sent = 0
            while hub.counts.open > 0, ContinuousClock.now < started + .seconds(60) {
                for _ in 0..<50 {
                    hub.deliver(.systemMessage(V4SystemMessage(
                        announcementId: Int64(sent), title: "t", content: content, messageType: "info", actionType: "none",
                        actionTarget: nil, isImportant: false, userId: nil, at: Date())))
                    sent += 1
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(hub.counts.open == 0, "the stalled socket was closed after \(sent) pushes")
            _ = raw
        }
    }
}

/// The hub alone: bounded queues and the drop policy, event routing.
@Suite struct SocketHubTests {
    static func hub(queueSize: Int = 4) throws -> (SocketHub, LocalEventBus) {
        var spec = RealtimeSpec()
        spec.queueSize = queueSize
        spec.maxConnections = 3
        spec.maxConnectionsPerUser = 2
        let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
        let bus = LocalEventBus()
        return (SocketHub(spec: spec, mappings: mappings, bus: bus), bus)
    }

    static func opened(_ hub: SocketHub, from address: String = "192.0.2.1") throws -> (SocketHub.Ticket, AsyncStream<String>) {
        try hub.open(address: address).get()
    }

    static func authenticated(_ hub: SocketHub, _ ticket: SocketHub.Ticket, _ user: Int64) -> Bool {
        (try? hub.authenticate(ticket, userId: user).get()) != nil
    }

    static func points(_ user: Int64, after: Int) -> V4Event {
        .pointsChanged(V4PointsChange(userId: user, balanceBefore: after + 100, balanceAfter: after, reason: "抽奖消耗", source: "lottery", at: Date()))
    }

    /// A client that never reads holds at most `queue_size` messages: the oldest are dropped,
    /// counted, and the publisher never waits.
    @Test func aSlowSocketKeepsOnlyTheNewestMessages() async throws {
        let (hub, bus) = try Self.hub(queueSize: 4)
        let (ticket, stream) = try Self.opened(hub)
        #expect(Self.authenticated(hub, ticket, 7))
        for balance in 0..<1000 { bus.publish(Self.points(7, after: balance)) }
        #expect(hub.counts.dropped == 996 && hub.counts.delivered == 1000)
        hub.close(ticket)
        var kept: [JSONValue] = []
        for await text in stream { kept.append(try JSONValue.parse(text)) }
        #expect(kept.map { $0["data"]?["new_balance"] } == [996, 997, 998, 999])
    }

    @Test func routingCapsAndSubscriptions() async throws {
        let (hub, bus) = try Self.hub()
        let (a, streamA) = try Self.opened(hub)
        let (b, streamB) = try Self.opened(hub)
        let (c, streamC) = try Self.opened(hub)
        let (d, _) = try Self.opened(hub)  // unauthenticated sockets take no authenticated place
        #expect(Self.authenticated(hub, a, 1) && Self.authenticated(hub, b, 1))
        #expect(!Self.authenticated(hub, c, 1))  // per user 2
        #expect(Self.authenticated(hub, c, 2))
        #expect(!Self.authenticated(hub, d, 3))  // max_connections 3 authenticated
        hub.close(d)
        #expect(hub.updateSubscription(b, ids: [5, 6], subscribe: true) == [5, 6])
        #expect(hub.updateSubscription(b, ids: [6], subscribe: false) == [5])
        bus.publish(Self.points(2, after: 10))
        bus.publish(.stockChanged(V4StockChange(productId: 9, productName: "x", stock: 1, change: -1, operation: .purchase, at: Date())))
        bus.publish(.stockChanged(V4StockChange(productId: 5, productName: "y", stock: 1, change: -1, operation: .purchase, at: Date())))
        for ticket in [a, b, c] { hub.close(ticket) }
        func types(_ stream: AsyncStream<String>) async throws -> [String] {
            var result: [String] = []
            for await text in stream {
                let message = try JSONValue.parse(text)
                result.append((message["type"]?.stringValue ?? "") + ":" + String(message["data"]?["product_id"]?.intValue ?? message["data"]?["user_id"]?.intValue ?? 0))
            }
            return result
        }
        #expect(try await types(streamA) == ["stock_update:9", "stock_update:5"])
        #expect(try await types(streamB) == ["stock_update:5"])
        #expect(try await types(streamC) == ["points_update:2", "stock_update:9", "stock_update:5"])
        hub.shutdown()
        #expect(bus.subscriberCount == 0 && hub.counts.open == 0)
    }
}

/// The limits from Mappings, on a bridge whose realtime section is tightened.
@Suite struct SocketLimitTests {
    /// A copy of the shipped mappings with `realtime.yaml` edited.
    static func mappings(_ edits: [(String, String)]) throws -> String {
        let directory = TestBridge.temporaryDirectory()
        for (name, text) in try MappingFiles.read(directory: TestBridge.mappingsDirectory) {
            var text = text
            if name.hasSuffix("realtime.yaml") {
                for (old, new) in edits {
                    guard let range = text.range(of: old) else { throw TestFailure("\(old) not in realtime.yaml") }
                    text.replaceSubrange(range, with: new)
                }
            }
            try text.write(toFile: directory + "/" + (name as NSString).lastPathComponent, atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// A bridge on the shipped mappings with `edits` to realtime.yaml, on a real socket.
    static func withBridge(
        _ edits: [(String, String)], trusting proxies: [String] = [], _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let mappings = try Self.mappings(edits)
        defer { try? FileManager.default.removeItem(atPath: mappings) }
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: TestBridge.coreConfiguration(directory), mappingsDirectory: mappings, demo: true,
                demoAdminPassword: TestBridge.adminPassword,
                deployment: LegacyDeployment(trustedProxies: try TrustedProxies.parse(proxies).get())).patient(),
            logger: TestBridge.logger)
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.live, body)
    }

    /// The server cap refuses the socket beyond it with 1013; `/metrics` counts the open ones.
    @Test func serverCapAndMetrics() async throws {
        try await Self.withBridge([("max_connections: 1000", "max_connections: 3")]) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let sockets = (0..<3).map { _ in TestSocket(port: port, path: "/ws?token=\(token)") }
            for socket in sockets { #expect(try await socket.message(0)["type"] == "connected") }
            let refused = TestSocket(port: port, path: "/ws?token=\(token)")
            let frame = try await refused.closed()
            #expect(frame?.closeCode == .init(codeNumber: 1013) && frame?.reason?.contains("connection limit") == true)
            let metrics = try await client.send(.get, "/metrics").raw
            #expect(metrics.contains("legacy_bridge_ws_connections{state=\"authenticated\"} 3"), Comment(rawValue: metrics))
            #expect(metrics.contains("legacy_bridge_ws_users 1"))
            for socket in sockets { await socket.close() }
        }
    }

    /// Without server heartbeats, a socket that says nothing is closed once the idle timeout has
    /// passed, with its reason.
    @Test func quietSocketsAreClosedAfterTheIdleTimeout() async throws {
        try await Self.withBridge([("idle_timeout_seconds: 90", "idle_timeout_seconds: 5"), ("heartbeat_seconds: 30", "heartbeat_seconds: 0")]) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let quiet = TestSocket(port: port, path: "/ws?token=\(token)")
            #expect(try await quiet.message(0)["type"] == "connected")
            let idle = try await quiet.closed(timeout: .seconds(60))
            #expect(idle?.closeCode == .goingAway && idle?.reason == "idle timeout", Comment(rawValue: "\(String(describing: idle))"))
        }
    }

    /// D0's client authenticates and then only listens: it gets the documented `heartbeat` push
    /// each period and keeps its socket past the idle timeout (its WebSocket stack answers the
    /// pings), and a push still reaches it.
    @Test func quietD0ClientsGetHeartbeatsAndStay() async throws {
        try await Self.withBridge([("idle_timeout_seconds: 90", "idle_timeout_seconds: 5"), ("heartbeat_seconds: 30", "heartbeat_seconds: 5")]) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let quiet = TestSocket(port: port, path: "/ws")
            quiet.send(json: ["type": "authenticate", "token": .string("Bearer \(token)")])
            #expect(try await quiet.message(0)["type"] == "connected")
            // Two heartbeats are 10 s: twice the idle timeout the socket would have been closed at.
            let (first, index) = try await quiet.first("heartbeat", from: 1, timeout: .seconds(30))
            #expect(first.objectValue?.keys == ["type", "timestamp"], "D0 §3.2.4: {type, timestamp} only")
            _ = try await quiet.first("heartbeat", from: index + 1, timeout: .seconds(30))
            let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
            _ = try await quiet.first("points_update", from: index + 1, timeout: .seconds(30))
            await quiet.close()
        }
    }

    /// A client whose WebSocket layer is gone (it reads bytes but answers no ping) is closed
    /// within two heartbeat periods, freeing its slot.
    @Test func aClientThatAnswersNoPingIsClosed() async throws {
        try await Self.withBridge([("heartbeat_seconds: 30", "heartbeat_seconds: 5")]) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let closed = try await OffPool.run {
                let raw = try ConnectionLimitTests.Raw(port: port)
                raw.send(
                    "GET /ws?token=\(token) HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                // Reads (so nothing backs up) until end of file, for at most 90 s (two 5 s
                // periods on an idle machine; the full suite's load stretches them).
                let deadline = Date().addingTimeInterval(90)
                while Date() < deadline {
                    if raw.closedWithin(1) { return true }
                }
                return false
            }
            #expect(closed, "the server closed a socket that answered no ping")
            // The session gives its place back just after the connection ends.
            var metrics = ""
            for _ in 0..<100 {
                metrics = try await client.send(.get, "/metrics").raw
                if metrics.contains("legacy_bridge_ws_connections{state=\"authenticated\"} 0") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(metrics.contains("legacy_bridge_ws_connections{state=\"authenticated\"} 0"), Comment(rawValue: metrics))
        }
    }

    /// Tokenless sockets from one address take none of the authenticated sockets' room: beyond
    /// their per-address bound they are refused at once (1013), the rest leave at the auth
    /// deadline, and a real user on another address connects throughout.
    @Test func tokenlessSocketsCannotFillTheServer() async throws {
        let edits = [("max_connections: 1000", "max_connections: 12"), ("max_unauthenticated_per_address: 32", "max_unauthenticated_per_address: 10")]
        try await Self.withBridge(edits, trusting: ["127.0.0.1", "::1"]) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let attacker: HTTPFields = [.xForwardedFor: "203.0.113.9"]
            let idle = (0..<15).map { _ in TestSocket(port: port, path: "/ws", headers: attacker) }
            // Well inside the 5 s authentication deadline: only the refused ones have ended.
            try await Task.sleep(for: .milliseconds(1500))
            let refused = idle.filter(\.isEnded)
            #expect(refused.count == 5, "ten wait for their deadline, five are refused at once")
            for socket in refused {
                let frame = socket.closeFrame
                #expect(frame?.closeCode == .init(codeNumber: 1013) && frame?.reason?.contains("waiting to authenticate") == true, "\(String(describing: frame))")
            }
            let user = TestSocket(port: port, path: "/ws?token=\(token)", headers: [.xForwardedFor: "203.0.113.10"])
            #expect(try await user.message(0)["type"] == "connected")
            let metrics = try await client.send(.get, "/metrics").raw
            #expect(metrics.contains("legacy_bridge_ws_connections{state=\"authenticated\"} 1"), Comment(rawValue: metrics))
            for socket in idle { await socket.close() }
            await user.close()
        }
    }

    /// A socket lives as long as its session: after the user logs out, the next heartbeat period
    /// closes it with 4001 (an expired or reuse-revoked token takes the same path: the core's
    /// verify refuses it).
    @Test func aSocketIsClosedWhenItsSessionEnds() async throws {
        try await Self.withBridge([("heartbeat_seconds: 30", "heartbeat_seconds: 5")]) { client in
            let port = try #require(client.port)
            let token = try await client.legacyLogin().0
            let socket = TestSocket(port: port, path: "/ws?token=\(token)")
            #expect(try await socket.message(0)["type"] == "connected")
            let logout = try await client.send(.post, "/api/auth/logout", token: token)
            #expect(logout.body["code"] == 0, Comment(rawValue: logout.raw))
            let frame = try await socket.closed(timeout: .seconds(30))
            #expect(frame?.closeCode == .init(codeNumber: 4001), "\(String(describing: frame))")
        }
    }
}
