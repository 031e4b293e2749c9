#if MySQL
import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import LegacyAPI
import NIOCore
import NIOHTTP1
import Testing
import V4Contract
#if canImport(Glibc)
import Glibc
#endif

/// Several `legacy-bridge serve` processes in front of the documented-V4 double, one bridge
/// store on a real MariaDB, and a real nginx in front (Docs/operations.md, "Several instances").
@Suite("Several instances behind nginx", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LEGACY_BRIDGE_TEST_MARIADB_SOCKET"] != nil
                && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")))
struct MultiInstanceTests {
    static func stateURL(_ database: String) -> String {
        "mysql://root@localhost/\(database)?socket=\(MariaDBMigrationTests.socket)"
    }

    /// A double, a fresh state database, `count` instances and nginx; stopped after `body`.
    static func withFleet(count: Int = 2, _ body: @Sendable (InstanceFleet, V4DoubleProcess, String) async throws -> Void) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: InstanceFleet.binary), "build the package first")
        let database = try await MariaDBMigrationTests.database("bridge_state", fixtures: false).database
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            let fleet = InstanceFleet(
                core: double.url, state: stateURL(database), environment: ["LEGACY_BRIDGE_CORE_ADMIN": "13900139000:123456"])
            defer { fleet.stop() }
            for _ in 0..<count { try await fleet.start() }
            try await fleet.startNginx()
            try await body(fleet, double, stateURL(database))
        }
    }

    /// The merchant applies through A and reviews through B; the customer's socket on A hears
    /// the review; a draw through B reaches a socket on A within a second; a draw retried with
    /// its Idempotency-Key on A and then on B is charged once.
    @Test func instancesShareMerchantsPushesAndReplays() async throws {
        try await Self.withFleet { fleet, _, state in
            let a = PortClient(port: fleet.port(0)), b = PortClient(port: fleet.port(1)), front = PortClient(port: fleet.nginxPort)
            #expect(try await front.send(.GET, "/health").result.body["data"]?["bridge_store"] == "mysql")

            // A merchant granted on A reviews through B.
            let merchant = try await front.login("13800138000")
            let applied = try await a.send(
                .POST, "/api/merchant/apply", json: ["business_name": "张记小馆", "contact_person": "张三", "contact_phone": "13800138000"],
                token: merchant).result
            #expect(applied.body["code"] == 0, Comment(rawValue: applied.raw))
            let (_, listed) = try await DiffCommandTests.run(["merchants", "list", "--state", state])
            let id = try #require(listed.split(separator: "\t").first.map(String.init), Comment(rawValue: listed))
            let (status, approved) = try await DiffCommandTests.run(["merchants", "approve", id, "--state", state])
            #expect(status == 0 && approved.contains("approved"), Comment(rawValue: approved))

            let customer = try await front.login("13700005555")
            let socket = LegacySocketTests.open(.query, port: a.port, token: customer)
            defer { Task { await socket.close() } }
            _ = try await socket.first("connected")
            let uploaded = try await b.upload(token: customer)
            let uploadId = try #require(uploaded.body["data"]?["upload_id"]?.stringValue, Comment(rawValue: uploaded.raw))
            let pending = try await b.send(.GET, "/api/merchant/pending-reviews", token: merchant).result
            #expect(pending.body["code"] == 0 && pending.raw.contains(uploadId), Comment(rawValue: pending.raw))
            let review = try await b.send(
                .POST, "/api/merchant/review", json: ["upload_id": .string(uploadId), "action": "approved", "actual_amount": 58.5],
                token: merchant).result
            #expect(review.body["code"] == 0, Comment(rawValue: review.raw))
            let (result, _) = try await socket.first("review_result", timeout: .seconds(10))
            #expect(result["data"]?["upload_id"]?.stringValue == uploadId, Comment(rawValue: "\(result)"))

            // A draw through B, heard on A: timed from B's answer to A's push.
            let player = try await front.login("13800138000")
            let watcher = LegacySocketTests.open(.query, port: a.port, token: player)
            defer { Task { await watcher.close() } }
            let (_, opened) = try await watcher.first("connected")
            let draw = try await b.send(.POST, "/api/lottery/draw", json: ["draw_type": "single"], token: player).result
            #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
            let answered = ContinuousClock.now
            let (update, _) = try await watcher.first("points_update", from: opened + 1, timeout: .seconds(5))
            let latency = answered.duration(to: .now)
            #expect(update["data"]?["points_change"] == -100, Comment(rawValue: "\(update)"))
            #expect(latency < .seconds(1), "a socket on A sees a draw made through B within 1 s: \(latency)")
            print("cross-instance push latency: \(latency)")

            // The same keyed draw on A, then on B: one charge, the first answer again.
            let spendsBefore = try await Self.spendCount(front, player)
            let key = ["Idempotency-Key": "retry-\(UUID().uuidString)"]
            let first = try await a.send(.POST, "/api/lottery/draw", json: ["draw_type": "single"], token: player, headers: key)
            let again = try await b.send(.POST, "/api/lottery/draw", json: ["draw_type": "single"], token: player, headers: key)
            #expect(first.result.body["code"] == 0, Comment(rawValue: first.result.raw))
            #expect(again.result.raw == first.result.raw && again.headers["Legacy-Replayed"].first == "true", Comment(rawValue: again.result.raw))
            #expect(try await Self.spendCount(front, player) == spendsBefore + 1, "charged once")
        }
    }

    /// One instance killed mid-load: nginx's retries lose no idempotent request, and no keyed
    /// draw is charged twice (V4's ledger has at most one spend per key, and one for every
    /// draw answered success).
    @Test func anInstanceKilledMidLoadLosesNoReadAndChargesNothingTwice() async throws {
        try await Self.withFleet { fleet, double, _ in
            let front = PortClient(port: fleet.nginxPort)
            let token = try await front.login("13700006666")
            // 003 registers new users with 0 points: an admin gives this one some, through V4.
            let v4 = HTTPUpstreamTransport(baseURL: double.url, timeout: .seconds(20))
            let admin = try #require(ServiceSession.parse("13900139000:123456"))
            let userId = try #require(try await front.send(.GET, "/api/user/info", token: token).result.body["data"]?["user_id"]?.intValue)
            _ = try await admin.call(V4API.Points.adjust, .init(userId: userId, amount: 100_000, reason: "load"), via: v4)
            await v4.shutdown()
            // A keyed draw answered by A before it dies: its record outlives A.
            let earlyKey = ["Idempotency-Key": "before-the-kill"]
            let early = try await PortClient(port: fleet.port(0)).send(
                .POST, "/api/lottery/draw", json: ["draw_type": "single"], token: token, headers: earlyKey)
            #expect(early.result.body["code"] == 0, Comment(rawValue: early.result.raw))
            let spendsBefore = try await Self.spendCount(front, token)

            struct Tally: Sendable { var reads = 0, failedReads: [String] = [], drawsOK = 0, drawsOther: [String] = [] }
            let deadline = ContinuousClock.now + .seconds(4)
            async let killer: Void = {
                try? await Task.sleep(for: .seconds(1))
                fleet.kill(0)
            }()
            let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var tally = Tally()
                        var draws = 0, iteration = 0
                        while ContinuousClock.now < deadline {
                            iteration += 1
                            let read = try await front.send(.GET, "/api/user/info", token: token).result
                            if read.body["code"] == 0 { tally.reads += 1 } else { tally.failedReads.append("\(read.status) \(read.raw.prefix(120))") }
                            // Few draws (the daily limit is 50), each with its own key.
                            if worker < 2 && draws < 6 && iteration % 10 == 0 {
                                draws += 1
                                let draw = try await front.send(
                                    .POST, "/api/lottery/draw", json: ["draw_type": "single"], token: token,
                                    headers: ["Idempotency-Key": "load-\(worker)-\(draws)"]).result
                                if draw.body["code"] == 0 { tally.drawsOK += 1 } else { tally.drawsOther.append("\(draw.status) \(draw.raw.prefix(120))") }
                            }
                        }
                        return tally
                    }
                }
                return try await group.reduce(into: [Tally]()) { $0.append($1) }
            }
            await killer
            let reads = tallies.map(\.reads).reduce(0, +), failedReads = tallies.flatMap(\.failedReads)
            let drawsOK = tallies.map(\.drawsOK).reduce(0, +), drawsOther = tallies.flatMap(\.drawsOther)
            print("killed mid-load: \(reads) reads answered, \(failedReads.count) lost; draws \(drawsOK) ok, \(drawsOther.count) other")
            #expect(reads > 0 && failedReads.isEmpty, "no idempotent request lost: \(failedReads.prefix(3))")
            let charged = try await Self.spendCount(front, token) - spendsBefore
            #expect(charged >= drawsOK && charged <= drawsOK + drawsOther.count && charged <= 12,
                    "charged \(charged) for \(drawsOK) answered draws (\(drawsOther.prefix(3)))")
            // The store survived its writer's kill -9: the instance comes back on it.
            try await fleet.start()
            let back = PortClient(port: fleet.port(2))
            #expect(try await back.send(.GET, "/api/user/info", token: token).result.body["code"] == 0)
            let spendsNow = try await Self.spendCount(front, token)
            let repeated = try await back.send(.POST, "/api/lottery/draw", json: ["draw_type": "single"], token: token, headers: earlyKey)
            #expect(repeated.result.raw == early.result.raw && repeated.headers["Legacy-Replayed"].first == "true", Comment(rawValue: repeated.result.raw))
            #expect(try await Self.spendCount(front, token) == spendsNow, "the repeat of a draw answered before the kill is not charged again")
        }
    }

    /// How many spends V4's ledger lists for the user (one per charged draw).
    static func spendCount(_ client: PortClient, _ token: String) async throws -> Int {
        let records = try await client.send(.GET, "/api/user/points/records?type=spend&page_size=100", token: token).result
        return try #require(records.body["data"]?["records"]?.arrayValue?.count, Comment(rawValue: records.raw))
    }
}
#endif
