import AsyncHTTPClient
import BridgeKit
import Foundation
import LegacyAPI
import NIOCore
import Testing
import V4Contract

/// In front of the documented V4 (no push channel), changes made in V4's own console reach a
/// legacy socket through the change watcher's polling, once each; a change made through the
/// bridge is pushed once, not again by the watcher; the polling cost is measured at the double.
@Suite struct ChangeWatcherTests {
    @Test func changesMadeInV4sOwnConsoleReachTheSocketOnce() async throws {
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            let admin = try #require(ServiceSession.parse("13900139000:123456"))
            var deployment = LegacyDeployment()
            deployment.coreAdmin = admin
            var watch = ChangeWatcher.Settings()
            watch.interval = .milliseconds(250)
            watch.budget = 100
            try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20), deployment: deployment, watch: watch) { client in
                let port = try #require(client.port)
                let token = try await client.legacyLogin("13800138000").0
                let userId = try #require(try await client.send(.get, "/api/user/info", token: token).body["data"]?["user_id"]?.intValue)
                let uploaded = try await LegacyPhotoReviewTests.upload(client, token: token, file: LegacyPhotoReviewTests.image("receipt.jpg"))
                #expect(uploaded.body["code"] == 0, Comment(rawValue: uploaded.raw))
                let socket = LegacySocketTests.open(.query, port: port, token: token)
                defer { Task { await socket.close() } }
                _ = try await socket.first("connected")
                // The watcher's first round only learns what is there.
                try await Task.sleep(for: .milliseconds(800))
                let v4 = HTTPUpstreamTransport(baseURL: double.url, timeout: .seconds(20))
                defer { Task { await v4.shutdown() } }

                // An admin approves the receipt in V4's console: review_result, then the credit.
                let pending = try await admin.call(V4API.Photo.pendingReviews, V4PendingReviewsQuery(page: V4PageQuery(page: 1, limit: 100)), via: v4)
                let resource = try #require(pending.images.first { $0.userId == Int64(userId) })
                var review = V4PhotoReviewRequest()
                review.resourceId = String(resource.resourceId)
                review.status = "approved"
                review.actualAmount = "58.50"
                _ = try await admin.call(V4API.Photo.review, review, via: v4)
                let (decided, afterReview) = try await socket.first("review_result", timeout: .seconds(10))
                #expect(decided["data"]?["status"] == "approved", Comment(rawValue: "\(decided)"))
                let (credited, afterCredit) = try await socket.first("points_update", timeout: .seconds(10))
                #expect(credited["data"]?["points_change"]?.intValue ?? 0 > 0, Comment(rawValue: "\(credited)"))

                // Points adjusted there.
                _ = try await admin.call(V4API.Points.adjust, .init(userId: Int64(userId), amount: 7, reason: "控制台调整"), via: v4)
                let (adjusted, afterAdjust) = try await socket.first("points_update", from: afterCredit + 1, timeout: .seconds(10))
                #expect(adjusted["data"]?["points_change"] == 7, Comment(rawValue: "\(adjusted)"))

                // An announcement published there.
                var announcement = V4AnnouncementRequest()
                announcement.title = "系统维护通知"
                announcement.content = "今晚两点维护"
                _ = try? await admin.call(V4API.System.createAnnouncement, announcement, via: v4)
                let (message, _) = try await socket.first("system_message", timeout: .seconds(10))
                #expect(message.serialized().contains("系统维护通知"), Comment(rawValue: message.serialized()))

                // A draw through the bridge: pushed once (the bridge's own event), not again by the watcher.
                let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
                #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
                try await Task.sleep(for: .milliseconds(1000))
                let updates = socket.received.dropFirst(afterAdjust + 1).filter { $0.contains("\"points_update\"") }
                #expect(updates.count == 1, "one push for one draw: \(updates)")
                #expect(afterReview >= 0)

                // What watching costs: V4 reads over two seconds with one socket open.
                let before = try await Self.reads(double)
                let started = ContinuousClock.now
                try await Task.sleep(for: .seconds(2))
                let after = try await Self.reads(double)
                let seconds = Double(started.duration(to: .now).components.attoseconds) / 1e18 + Double(started.duration(to: .now).components.seconds)
                let watched = ["GET /api/v4/unified-engine/points/balance/:user_id", "GET /api/v4/unified-engine/photo/my-uploads",
                               "GET /api/v4/system/announcements"].map { (after[$0] ?? 0) - (before[$0] ?? 0) }.reduce(0, +)
                let perMinute = Double(watched) / seconds * 60
                // Per round: balance + uploads for the one socket, plus the announcement list (3 at 250 ms: 720/min).
                print("change watcher: \(watched) V4 reads in \(seconds) s for one socket (\(perMinute) per socket-minute at a 250 ms interval)")
                #expect(perMinute > 300 && perMinute < 800, "\(perMinute)")
            }
        }
    }

    static func reads(_ double: V4DoubleProcess) async throws -> [String: Int] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: double.url + "/__double/state"), timeout: .seconds(10))
        let state = try JSONValue.parse(try await response.body.collect(upTo: 1 << 24).readableBytesView)
        var counts: [String: Int] = [:]
        if let calls = state["read_calls"]?.objectValue {
            for key in calls.keys { counts[key] = calls[key]?.intValue.map { Int($0) } }
        }
        return counts
    }
}
