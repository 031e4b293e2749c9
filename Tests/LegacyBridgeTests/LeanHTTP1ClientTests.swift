import BridgeKit
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
@testable import LegacyAPI

/// The V4 hot path's client against a real server: answers whole, connections kept and reused,
/// `Connection: close` honoured, a deadline that fails the call and drops the connection, a
/// refused connection told apart from one that ended mid-call.
@Suite struct LeanHTTP1ClientTests {
    static func server() -> some ApplicationProtocol {
        let router = Router()
        router.get("/ok") { request, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"path":"\#(request.uri.path)"}"#)))
        }
        router.post("/echo") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            return Response(status: .created, body: .init(byteBuffer: body))
        }
        router.get("/close") { _, _ in
            Response(status: .ok, headers: [.connection: "close"], body: .init(byteBuffer: ByteBuffer(string: "bye")))
        }
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .seconds(2))
            return Response(status: .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test func answersAreWholeAndConnectionsAreReused() async throws {
        try await Self.server().test(.live) { client in
            let lean = try #require(LeanHTTP1Client(baseURL: "http://127.0.0.1:\(client.port!)", maxResponseBytes: 1 << 20))
            defer { lean.shutdown() }
            for index in 0..<20 {
                let answer = try await lean.execute(method: .GET, path: "/ok", headers: [:], body: nil, timeout: .seconds(5))
                #expect(answer.status == 200 && String(buffer: answer.body) == #"{"path":"/ok"}"#, "request \(index)")
            }
            // Sequential calls from one task: one connection per event loop used, all kept.
            #expect((1...2).contains(lean.idleCount))
            let echoed = try await lean.execute(
                method: .POST, path: "/echo", headers: ["content-type": "application/json"], body: ByteBuffer(string: #"{"a":1}"#),
                timeout: .seconds(5))
            #expect(echoed.status == 201 && String(buffer: echoed.body) == #"{"a":1}"#)
            // Many at once: each gets its own connection, every answer its own.
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask { String(buffer: try await lean.execute(method: .GET, path: "/ok", headers: [:], body: nil, timeout: .seconds(5)).body) == #"{"path":"/ok"}"# }
                }
                for try await ok in group { #expect(ok) }
            }
            let before = lean.idleCount
            _ = try await lean.execute(method: .GET, path: "/close", headers: [:], body: nil, timeout: .seconds(5))
            #expect(lean.idleCount <= before, "a Connection: close answer's connection is not kept")
        }
    }

    @Test func aDeadlineFailsTheCallAndTheConnectionIsNotReused() async throws {
        try await Self.server().test(.live) { client in
            let lean = try #require(LeanHTTP1Client(baseURL: "http://127.0.0.1:\(client.port!)", maxResponseBytes: 1 << 20))
            defer { lean.shutdown() }
            let clock = ContinuousClock(), started = clock.now
            do throws(LeanHTTP1Client.Failure) {
                _ = try await lean.execute(method: .GET, path: "/slow", headers: [:], body: nil, timeout: .milliseconds(200))
                Issue.record("the slow call answered")
            } catch .timedOut {
            } catch {
                Issue.record("\(error)")
            }
            #expect(started.duration(to: clock.now) < .seconds(2), "failed at its deadline, not at the answer")
            #expect(lean.idleCount == 0)
            let answer = try await lean.execute(method: .GET, path: "/ok", headers: [:], body: nil, timeout: .seconds(5))
            #expect(answer.status == 200)
        }
    }

    /// The race a pooled connection has: checked out while open, closed by its server before the
    /// request's write reaches its event loop. The closed channel's handlers are gone, so the
    /// write fails at the pipeline's head; the call fails with it, at once, instead of waiting
    /// for an answer nothing will ever give (the deadline here is far beyond the test's bound).
    @Test func aConnectionClosedBeforeTheWriteFailsTheCallAtOnce() async throws {
        try await Self.server().test(.live) { client in
            let lean = try #require(LeanHTTP1Client(baseURL: "http://127.0.0.1:\(client.port!)", maxResponseBytes: 1 << 20))
            let channel = try await lean.connect(on: NIOSingletons.posixEventLoopGroup.next())
            try await channel.close()
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/ok", headers: ["host": "127.0.0.1"])
            // The call runs on its own task: were it to wait forever, the test still ends.
            let outcome = NIOLockedValueBox<String?>(nil)
            Task {
                let result: String
                do throws(LeanHTTP1Client.Failure) {
                    _ = try await lean.exchange(head: head, body: nil, on: channel, timeout: .seconds(3600))
                    result = "answered"
                } catch .closed {
                    result = "closed"
                } catch {
                    result = "\(error)"
                }
                outcome.withLockedValue { $0 = result }
            }
            for _ in 0..<200 where outcome.withLockedValue({ $0 }) == nil { try await Task.sleep(for: .milliseconds(50)) }
            #expect(outcome.withLockedValue { $0 } == "closed", "still waiting after 10 s when nil")
        }
    }

    @Test func aRefusedConnectionIsAConnectFailure() async throws {
        // A port nothing listens on: bind one, learn it, close it.
        let port = try await Self.server().test(.live) { client in client.port! }
        let lean = try #require(LeanHTTP1Client(baseURL: "http://127.0.0.1:\(port)", maxResponseBytes: 1 << 20))
        do throws(LeanHTTP1Client.Failure) {
            _ = try await lean.execute(method: .GET, path: "/ok", headers: [:], body: nil, timeout: .seconds(5))
            Issue.record("answered")
        } catch .connect {
        } catch {
            Issue.record("\(error)")
        }
        #expect(LeanHTTP1Client(baseURL: "https://example.com", maxResponseBytes: 1) == nil, "https goes to AsyncHTTPClient")
        #expect(LeanHTTP1Client(baseURL: "http://host:99999", maxResponseBytes: 1) == nil)
        #expect(LeanHTTP1Client(baseURL: "http://host:8080/prefix/", maxResponseBytes: 1)?.basePath == "/prefix")
    }
}
