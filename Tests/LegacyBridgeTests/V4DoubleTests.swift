import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LegacyAPI
import NIOCore
import Testing
import V4Contract

/// The bridge in front of the V4 that seed 003 documents (the double in Tests/V4Double, written
/// from the doc, not from our core): v2.1 flows over real sockets with balances checked against
/// the double's own state, the campaign-role rule, what the deployment lacks, and faults on
/// writes (reset after commit, truncated answers, slow answers, a plain-text 429, maintenance,
/// the double gone): a documented legacy code, no write misreported, none applied twice.
@Suite(.serialized) struct V4DoubleTests {
    static let deadline: TimeAmount = .seconds(20)

    static func withBridge<T: Sendable>(
        timeout: TimeAmount = deadline, _ body: @Sendable @escaping (any TestClientProtocol, V4DoubleProcess) async throws -> T
    ) async throws -> T {
        try await V4DoubleProcess.with { double in
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: timeout) { client in try await body(client, double) }
        }
    }

    static func receipt() throws -> [UInt8] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LegacyFixtures/images/receipt.jpg").path
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aV21ClientLogsInDrawsExchangesUploadsAndReadsItsHistory() async throws {
        try await Self.withBridge { client, double in
            let (token, _) = try await client.legacyLogin("13800138000")
            let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
            let afterDraw = try await double.balance(of: 1)
            #expect(draw.body["data"]?["user_points"]?.intValue == afterDraw, "the draw's balance is the double's")
            #expect(draw.body["data"]?["total_cost"] == 100)

            let exchange = try await client.send(.post, "/api/exchange/submit", json: ["product_id": 4, "quantity": 1], token: token)
            #expect(exchange.body["code"] == 0, Comment(rawValue: exchange.raw))
            let afterExchange = try await double.balance(of: 1)
            #expect(exchange.body["data"]?["remaining_points"]?.intValue == afterExchange)
            #expect(afterExchange == (afterDraw ?? 0) - 300)

            let upload = try await LegacyPhotoReviewTests.upload(client, token: token, file: try Self.receipt())
            #expect(upload.body["code"] == 0, Comment(rawValue: upload.raw))
            let state = try await double.control(.GET, "state")
            #expect(state["uploads"]?.arrayValue?.count == 1, "the double holds the upload")
            // 003 has no single-upload endpoint: found in the caller's my-uploads.
            let uploadId = upload.body["data"]?["upload_id"]?.stringValue ?? ""
            let detail = try await client.send(.get, "/api/photo/review/\(uploadId)", token: token)
            #expect(detail.body["code"] == 0, Comment(rawValue: detail.raw))
            let missing = try await client.send(.get, "/api/photo/review/99999", token: token)
            #expect(missing.body["code"] == 4004, Comment(rawValue: missing.raw))

            let records = try await client.send(.get, "/api/lottery/records", token: token)
            #expect(records.body["data"]?["records"]?.arrayValue?.count == 1, Comment(rawValue: records.raw))
            let points = try await client.send(.get, "/api/user/points/records", token: token)
            #expect(points.body["code"] == 0, Comment(rawValue: points.raw))
            let info = try await client.send(.get, "/api/user/info", token: token)
            #expect(info.body["data"]?["total_points"]?.intValue == afterExchange, Comment(rawValue: info.raw))
            let orders = try await client.send(.get, "/api/exchange/orders", token: token)
            #expect(orders.body["data"]?["orders"]?.arrayValue?.count == 1, Comment(rawValue: orders.raw))
            // Composed from documented endpoints: the ledger and the history.
            let stats = try await client.send(.get, "/api/user/points/statistics", token: token)
            #expect(stats.body["data"]?["current_points"]?.intValue == afterExchange, Comment(rawValue: stats.raw))
            let lottery = try await client.send(.get, "/api/lottery/statistics", token: token)
            #expect(lottery.body["data"]?["totalDraws"] == 1, Comment(rawValue: lottery.raw))
        }
        // Every V4 key the bridge read when present but the double (003) did not send is declared.
        let declared = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory).degradation.keys
        let undeclared = V4DecodingGaps.observed.filter { declared[$0] == nil }
        #expect(undeclared.isEmpty, "read but neither in 003 nor in Mappings/degradation.yaml: \(undeclared)")
    }

    @Test func merchantStatisticsComeFrom003sTodayStatisticsForAnAdmin() async throws {
        try await Self.withBridge { client, _ in
            let (admin, _) = try await client.legacyLogin("13900139000")
            let stats = try await client.send(.get, "/api/merchant/statistics", token: admin)
            #expect(stats.body["code"] == 0, Comment(rawValue: stats.raw))
            #expect(stats.body["data"]?["period"] == "today", Comment(rawValue: stats.raw))
            let (user, _) = try await client.legacyLogin("13800138000")
            let refused = try await client.send(.get, "/api/merchant/statistics", token: user)
            #expect(refused.body["code"] == 2003, Comment(rawValue: refused.raw))
        }
    }

    @Test func withoutTheCampaignRoleTheDrawIsRefusedAndNothingIsCharged() async throws {
        try await Self.withBridge { client, double in
            let (token, _) = try await client.legacyLogin("13700137000")
            let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            #expect(draw.body["code"] == 2003, Comment(rawValue: draw.raw))
            #expect(draw.status == 403)
            #expect(try await double.balance(of: 3) == 1000)
            try await double.control(.POST, "grant-role", ["user_id": 3, "role": "campaign_1"])
            let granted = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            #expect(granted.body["code"] == 0, Comment(rawValue: granted.raw))
        }
    }

    @Test func whatTheDeploymentLacksAnswers1001NotASystemError() async throws {
        try await Self.withBridge { client, _ in
            let (token, _) = try await client.legacyLogin("13800138000")
            for (method, path) in [(HTTPRequest.Method.post, "/api/auth/send-code"), (.put, "/api/user/info"), (.post, "/api/merchant/apply")] {
                let body: JSONValue = path.hasSuffix("send-code") ? ["mobile": "13800138000"] : ["nickname": "新名字", "business_name": "店", "contact_person": "张三", "contact_phone": "13800138000"]
                let result = try await client.send(method, path, json: body, token: token)
                #expect(result.body["code"] == 1001, "\(path): \(result.raw)")
                #expect(result.body["msg"] == "功能暂不可用")
            }
        }
    }

    @Test func plainTextRateLimitAndMaintenanceGetTheirLegacyCodes() async throws {
        try await Self.withBridge { client, double in
            let (token, _) = try await client.legacyLogin("13800138000")
            try await double.fault("plain429", path: "auth/profile")
            let limited = try await client.send(.get, "/api/user/info", token: token)
            #expect(limited.body["code"] == 3007, Comment(rawValue: limited.raw))
            #expect(limited.status == 429)
            try await double.fault("maintenance", path: "lottery/history")
            let maintenance = try await client.send(.get, "/api/lottery/records", token: token)
            #expect(maintenance.body["code"] == 1001, Comment(rawValue: maintenance.raw))
            #expect(maintenance.status == 503)
        }
    }

    @Test func aDrawCommittedBeforeTheConnectionResetIsReportedAsTheSuccessItIs() async throws {
        try await Self.withBridge { client, double in
            let (token, _) = try await client.legacyLogin("13800138000")
            try await double.fault("reset_after_commit", path: "lottery/draw", method: "POST")
            let key = ["Idempotency-Key": "draw-after-reset"]
            let draw = try await client.send(.post, "/api/lottery/draw", body: #"{"draw_type":"single"}"#, token: token, headers: key)
            #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
            let balance = try await double.balance(of: 1)
            #expect(draw.body["data"]?["user_points"]?.intValue == balance)
            #expect(try await double.committed("draw") == 1)
            // Repeated under the same key: the first answer again, no second charge.
            let repeated = try await client.send(.post, "/api/lottery/draw", body: #"{"draw_type":"single"}"#, token: token, headers: key)
            #expect(repeated.body == draw.body)
            #expect(try await double.committed("draw") == 1)
            #expect(try await double.balance(of: 1) == balance)
        }
    }

    @Test func anUploadCommittedBeforeTheConnectionResetIsFoundInTheUploads() async throws {
        try await Self.withBridge { client, double in
            let (token, _) = try await client.legacyLogin("13800138000")
            try await double.fault("reset_after_commit", path: "photo/upload", method: "POST")
            let upload = try await LegacyPhotoReviewTests.upload(client, token: token, file: try Self.receipt())
            #expect(upload.body["code"] == 0, Comment(rawValue: upload.raw))
            let state = try await double.control(.GET, "state")
            #expect(state["uploads"]?.arrayValue?.count == 1)
            #expect(upload.body["data"]?["id"]?.intValue == state["uploads"]?.arrayValue?.first?["resource_id"]?.intValue, Comment(rawValue: upload.raw))
        }
    }

    @Test(arguments: ["truncated", "html", "slow"])
    func anExchangeWhoseAnswerIsLostIsNeverReportedAsFailedNorAppliedTwice(_ mode: String) async throws {
        try await Self.withBridge(timeout: .seconds(2)) { client, double in
            let (token, _) = try await client.legacyLogin("13800138000")
            try await double.fault(mode, path: "inventory/exchange", method: "POST", delayMs: mode == "slow" ? 4000 : nil)
            // A success is replayed to a repeat that names it; an unknown outcome to any repeat.
            let key = mode == "truncated" ? ["Idempotency-Key": "exchange-1"] : [:]
            let body = #"{"product_id":4,"quantity":1}"#
            let first = try await client.send(.post, "/api/exchange/submit", body: body, token: token, headers: key)
            if mode == "truncated" {
                // Committed, and found in the exchange records: the success it is.
                #expect(first.body["code"] == 0, Comment(rawValue: first.raw))
                #expect(first.body["data"]?["remaining_points"] == 700, Comment(rawValue: first.raw))
            } else {
                // Not committed (html) or not yet (slow): the bridge cannot tell, so it says so.
                #expect(first.body["code"] == 1002, Comment(rawValue: first.raw))
                #expect(first.status == 504)
            }
            let second = try await client.send(.post, "/api/exchange/submit", body: body, token: token, headers: key)
            #expect(second.body == first.body, "the repeat gets the first answer")
            if mode == "slow" { try await Task.sleep(for: .seconds(3)) }
            let committed = try await double.committed("exchange")
            #expect(committed == (mode == "html" ? 0 : 1))
            #expect(try await double.balance(of: 1) == 1000 - 300 * committed)
        }
    }

    @Test func theDoubleGoneGivesSystemBusyAndTheBreakerOpens() async throws {
        let (url, process) = try await V4DoubleProcess.with { double in (double.url, double.process) }
        _ = process
        try await TestBridge.withUpstreamBridge(url: url, timeout: Self.deadline) { client in
            var codes: [Int64] = []
            for _ in 0..<8 {
                let result = try await client.send(.post, "/api/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
                codes.append(result.body["code"]?.intValue ?? 0)
            }
            #expect(codes.prefix(5).allSatisfy { $0 == 5003 }, "\(codes)")
            #expect(codes.suffix(3).allSatisfy { $0 == 1001 }, "the breaker answers at once: \(codes)")
            let health = try await client.send(.get, "/health")
            #expect(health.body["data"]?["status"] == "unhealthy", Comment(rawValue: health.raw))
            #expect(health.status == 503)
        }
    }

    /// Draws under load while the double freezes (SIGSTOP) and comes back: every draw reported as
    /// a success was committed, and every committed draw was reported as a success or as "check
    /// your records" — none as a failure.
    @Test func drawsWhileTheUpstreamFreezesAreNeverMisreported() async throws {
        try await Self.withBridge(timeout: .seconds(2)) { client, double in
            let (token, _) = try await client.legacyLogin("13800138000")
            let codes = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(40 * index))
                        let result = try await client.send(
                            .post, "/api/lottery/draw", body: #"{"draw_type":"single"}"#, token: token, headers: ["Idempotency-Key": "load-\(index)"])
                        return result.body["code"]?.intValue ?? -1
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(150))
                    double.process.signal(SIGSTOP)
                    try await Task.sleep(for: .seconds(4))
                    double.process.signal(SIGCONT)
                    return -100
                }
                var codes: [Int64] = []
                for try await code in group where code != -100 { codes.append(code) }
                return codes
            }
            try await Task.sleep(for: .seconds(1))
            let committed = try await double.committed("draw")
            let succeeded = Int64(codes.filter { $0 == 0 }.count)
            let unknown = Int64(codes.filter { $0 == 1002 }.count)
            let allowed: Set<Int64> = [0, 1002, 5003, 1001]
            let unexpected = codes.filter { !allowed.contains($0) }
            #expect(unexpected.isEmpty, "unexpected \(unexpected) in \(codes)")
            #expect(succeeded <= committed && committed <= succeeded + unknown, "codes \(codes), committed \(committed)")
        }
    }

    @Test func theProbeRatesEveryRoute() async throws {
        try await V4DoubleProcess.with { double in
            let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
            let report = await UpstreamProbe(baseURL: double.url, degradation: mappings.degradation).run()
            let rating = Dictionary(uniqueKeysWithValues: report.routes.map { ($0.route, $0.rating) })
            #expect(rating["lottery.draw"] == "full")
            #expect(rating["exchange.submit"] == "full")
            #expect(rating["auth.send_code"] == "unavailable")
            #expect(rating["user.points_statistics"] == "degraded")
            #expect(report.routes.count == mappings.routes.count)
            #expect(report.envelope.hasPrefix("003"))
        }
    }

    @Test func every003ErrorCodeHasALegacyMapping() throws {
        let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
        let path = URL(fileURLWithPath: V4DoubleProcess.script).deletingLastPathComponent().appendingPathComponent("error-codes-003.txt").path
        let codes = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { String($0.split(separator: " ")[0]) }
        #expect(codes.count > 100)
        let unmapped = codes.filter { mappings.errors[$0] == nil }
        #expect(unmapped.isEmpty, "\(unmapped)")
    }
}
