import BridgeKit
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
@testable import ServerKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `InlineHTTPHandler` against real sockets, with both executors: requests answered on the
/// connection's handler and requests handed on to Hummingbird's channel (a body over the inline
/// limit) share one connection and are answered in the order they came, pipelined or not.
@Suite struct InlineAnswerTests {
    typealias Raw = ConnectionLimitTests.Raw

    /// A router with a slow answer, an echo, a body counter and a streamed answer.
    static func router() -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.get("/echo/{n}") { _, context in try context.parameters.require("n") }
        router.get("/slow/{ms}") { _, context -> String in
            try await Task.sleep(for: .milliseconds(try context.parameters.require("ms", as: Int.self)))
            return "slow"
        }
        router.post("/length") { request, _ -> String in
            String(try await request.body.collect(upTo: 1 << 20).readableBytes)
        }
        router.get("/chunks") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody(contentLength: 3 * 40_000) { writer in
                for letter in ["a", "b", "c"] {
                    try await writer.write(ByteBuffer(string: String(repeating: letter, count: 40_000)))
                }
                try await writer.finish(nil)
            })
        }
        return router
    }

    static func withServer(_ executor: InlineResponder.Executor, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = router()
        let inline = InlineResponder(router.buildResponder(), executor: executor, serverName: "inline-test", logger: TestBridge.logger)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [inline.channelHandler()])),
            configuration: .init(serverName: "inline-test"), logger: TestBridge.logger)
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    /// Splits `text` into whole responses (heads with Content-Length bodies), in order.
    static func responses(_ text: String) -> [(head: String, body: String)] {
        var rest = Substring(text)
        var found: [(String, String)] = []
        while let end = rest.range(of: "\r\n\r\n") {
            let head = String(rest[..<end.lowerBound])
            let length = head.lowercased().split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            let bodyStart = end.upperBound
            guard rest.utf8.distance(from: bodyStart, to: rest.endIndex) >= length else { break }
            let bodyEnd = rest.utf8.index(bodyStart, offsetBy: length)
            found.append((head, String(rest[bodyStart..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return found
    }

    @Test(arguments: InlineResponder.Executor.allCases)
    func pipelinedRequestsAreAnsweredInOrderAcrossBothPaths(_ executor: InlineResponder.Executor) async throws {
        try await Self.withServer(executor) { port in
            let big = String(repeating: "x", count: 100_000)  // over the inline limit: handed on
            let pipelined = "GET /slow/150 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /echo/1 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /length HTTP/1.1\r\nHost: t\r\nContent-Length: \(big.utf8.count)\r\n\r\n\(big)"
                + "GET /echo/2 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /length HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /chunks HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /echo/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            let text = try await OffPool.run {
                let raw = try Raw(port: port)
                raw.send(pipelined)
                return raw.readToEnd()  // the last request asks to close
            }
            let answers = Self.responses(text)
            #expect(answers.map(\.body.count) == [4, 1, 6, 1, 1, 120_000, 1], "\(answers.map(\.head))")
            #expect(answers.map { String($0.body.prefix(6)) } == ["slow", "1", "100000", "2", "5", "aaaaaa", "3"])
            #expect(answers.allSatisfy { $0.head.hasPrefix("HTTP/1.1 200") && $0.head.contains("Server: inline-test") && $0.head.contains("Date: ") })
            if answers.count == 7 {
                #expect(answers[5].body.hasSuffix(String(repeating: "c", count: 10)))
            }
        }
    }

    @Test(arguments: InlineResponder.Executor.allCases)
    func connectionsAndRequestsInParallelEachGetTheirOwnAnswers(_ executor: InlineResponder.Executor) async throws {
        try await Self.withServer(executor) { port in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for connection in 0..<16 {
                    group.addTask {
                        let answers = try await OffPool.run { () -> [String] in
                            let raw = try Raw(port: port)
                            var bodies: [String] = []
                            for request in 0..<20 {
                                if request % 5 == 4 {
                                    let body = String(repeating: "y", count: 70_000 + connection)
                                    raw.send("POST /length HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                                } else {
                                    raw.send("GET /echo/\(connection)-\(request) HTTP/1.1\r\nHost: t\r\n\r\n")
                                }
                                bodies.append(Self.responses(raw.readResponse()).first?.body ?? "none")
                            }
                            return bodies
                        }
                        let expected = (0..<20).map { $0 % 5 == 4 ? String(70_000 + connection) : "\(connection)-\($0)" }
                        #expect(answers == expected)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func theDateHeaderIsIMFFixdate() {
        #expect(HTTPDateHeader.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")  // RFC 9110's example
        #expect(HTTPDateHeader.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDateHeader.format(secondsSince1970: 951_868_799) == "Tue, 29 Feb 2000 23:59:59 GMT")
        #expect(HTTPDateHeader.format(secondsSince1970: 1_796_342_400) == "Fri, 04 Dec 2026 00:00:00 GMT")
    }

    @Test func aMalformedRequestIsRefusedAndTheConnectionClosed() async throws {
        try await Self.withServer(.loop) { port in
            let text = try await OffPool.run {
                let raw = try Raw(port: port)
                raw.send("GET /echo/1 HTTP/1.1\r\nHost: t\r\n\r\nNOT HTTP AT ALL\r\n\r\n")
                return raw.readToEnd()
            }
            let answers = Self.responses(text)
            #expect(answers.first?.body == "1")
            #expect(answers.count == 2 && answers[1].head.hasPrefix("HTTP/1.1 400"), "\(text)")
        }
    }
}
