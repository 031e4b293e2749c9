import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import V4Core

/// The HTTP transport against a V4 upstream that is down, slow, sends garbage, or speaks the
/// other envelope variant: always a legacy envelope, within the timeout.
@Suite struct UpstreamFailureTests {
    /// For fake upstreams that do answer: far above what a loaded 2-core machine needs, so only
    /// the behaviour under test decides the outcome (a 2 s deadline once turned answers into 504s).
    static let answeringDeadline: TimeAmount = .seconds(30)

    /// A stand-in upstream answering every request with `respond`.
    static func withFakeUpstream<T: Sendable>(
        _ respond: @escaping @Sendable (Request) async throws -> Response,
        _ body: @Sendable @escaping (Int) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.get("**") { request, _ in try await respond(request) }
        router.post("**") { request, _ in try await respond(request) }
        return try await Application(router: router, logger: TestBridge.logger).test(.live) { client in
            try await body(client.port!)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Test func upstreamDownGivesSystemErrorQuickly() async throws {
        // Bind and release a port so nothing listens on it.
        let port = try await Self.withFakeUpstream({ _ in Self.json(.ok, "{}") }) { port in port }
        let result = try await TestBridge.withUpstreamBridge(url: "http://127.0.0.1:\(port)", timeout: Self.answeringDeadline) { client in
            try await client.send(.post, "/api/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
        }
        #expect(result.body["code"] == 5003, Comment(rawValue: result.raw))
        // The mechanism, not the clock (a loaded machine once took 8 s to schedule it): a refused
        // connection is `unavailable` (503); had the bridge waited for the deadline it would be 504.
        #expect(result.status == 503, "unavailable, not a timeout")
    }

    @Test func slowUpstreamTimesOutWithinTheTimeout() async throws {
        try await Self.withFakeUpstream({ _ in
            try await Task.sleep(for: .seconds(15))
            return Self.json(.ok, "{}")
        }) { port in
            // The upstream would answer after 15 s with "{}" (a 502 for the bridge); a 504 is the 1 s
            // deadline firing. No clock is asserted: a loaded CI machine once needed 16 s to run it.
            let result = try await TestBridge.withUpstreamBridge(url: "http://127.0.0.1:\(port)", timeout: .seconds(1)) { client in
                try await client.send(.post, "/api/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
            }
            #expect(result.body["code"] == 5003, Comment(rawValue: result.raw))
            #expect(result.status == 504, "the deadline fired, not the upstream's late answer")
        }
    }

    @Test(arguments: ["<html>502 Bad Gateway</html>", "", "[]", #"{"success": true, "data": {"unexpected": 1}}"#])
    func garbageFromUpstreamGivesSystemError(_ garbage: String) async throws {
        try await Self.withFakeUpstream({ _ in Self.json(.ok, garbage) }) { port in
            let result = try await TestBridge.withUpstreamBridge(url: "http://127.0.0.1:\(port)", timeout: Self.answeringDeadline) { client in
                try await client.send(.post, "/api/auth/login", json: ["mobile": "13800138000", "verification_code": "123456"])
            }
            #expect(result.body["code"] == 5003, Comment(rawValue: result.raw))
            #expect(result.status == 502)
        }
    }

    /// [A] puts the error code in `code` and has no `error`; [B] puts it in `error`.
    @Test(arguments: [
        #"{"success": false, "code": "TOKEN_EXPIRED", "message": "Token已过期", "data": {"error": "x", "suggestion": "y"}}"#,
        #"{"success": false, "error": "TOKEN_EXPIRED", "message": "Token已过期", "data": null}"#,
        #"{"success": false, "error": "TOKEN_EXPIRED", "code": "TOKEN_EXPIRED", "message": "Token已过期", "data": null}"#,
    ])
    func bothEnvelopeVariantsAreUnderstood(_ envelope: String) async throws {
        try await Self.withFakeUpstream({ _ in Self.json(.unauthorized, envelope) }) { port in
            let result = try await TestBridge.withUpstreamBridge(url: "http://127.0.0.1:\(port)", timeout: Self.answeringDeadline) { client in
                try await client.send(.get, "/api/user/info", token: "a.b.c")
            }
            #expect(result.body["code"] == 2002, Comment(rawValue: result.raw))
            #expect(result.body["msg"] == "Token已过期")
        }
    }

    /// The bridge forwards its request id, so one id names both hops.
    @Test func requestIDTravelsToTheUpstream() async throws {
        let seen = SeenHeaders()
        try await Self.withFakeUpstream({ request in
            await seen.record(request.headers[.requestID])
            return Self.json(.notFound, #"{"success": false, "error": "USER_NOT_FOUND", "message": "用户不存在"}"#)
        }) { port in
            let result = try await TestBridge.withUpstreamBridge(url: "http://127.0.0.1:\(port)", timeout: Self.answeringDeadline) { client in
                try await client.send(.get, "/api/user/info", token: "a.b.c")
            }
            #expect(result.body["code"] == 1001)
            let ids = await seen.values
            #expect(ids.count == 1)
            #expect(ids.first??.hasPrefix("req_") == true)
        }
    }
}

actor SeenHeaders {
    var values: [String?] = []
    func record(_ value: String?) { values.append(value) }
}
