import BridgeAssembly
import BridgeKit
import Foundation
import HummingbirdTesting
import LegacyAPI
import NIOConcurrencyHelpers
import NIOCore
import ServerKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ConnectionGuard` against real sockets: silent, trickling and oversized clients are cut off
/// while others are served; the connection cap refuses cleanly and frees its slot.
@Suite(.serialized) struct ConnectionLimitTests {
    /// A blocking TCP connection to loopback (used on its own thread, through OffPool).
    final class Raw: @unchecked Sendable {
        let fd: Int32

        /// `from`: the loopback address to connect from (127.0.0.0/8 is all loopback on Linux).
        init(port: Int, from source: String? = nil) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if let source {
                var local = sockaddr_in()
                local.sin_family = sa_family_t(AF_INET)
                local.sin_addr.s_addr = inet_addr(source)
                let bound = withUnsafePointer(to: &local) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard bound == 0 else { close(fd); throw TestFailure("bind \(source) failed: \(errno)") }
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(fd); throw TestFailure("connect failed: \(errno)") }
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        @discardableResult
        func send(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
        }

        /// Reads until the server closes (or 20 s pass), or until `complete` says the bytes so far suffice.
        func read(until complete: ([UInt8]) -> Bool = { _ in false }) -> String {
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 { data += buffer[0..<count] } else if count < 0 && errno == EINTR { continue } else { break }
                if complete(data) { break }
            }
            return String(decoding: data, as: UTF8.self)
        }

        func readToEnd() -> String { read() }

        /// One response's head and (Content-Length) body.
        func readResponse() -> String {
            read { data in
                let text = String(decoding: data, as: UTF8.self)
                if let end = text.range(of: "\r\n\r\n") {
                    let head = text[..<end.lowerBound].lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    return data.count >= text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) + length
                }
                return false
            }
        }

        /// Whether the server has closed: a read returns end of file within `seconds`.
        func closedWithin(_ seconds: Int) -> Bool {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            while true {
                let count = recv(fd, &byte, 1, 0)
                if count == 0 { return true }
                if count < 0 && errno == EINTR { continue }
                if count < 0 { return false }
            }
        }
    }

    static let health = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n"

    static func withServer(_ adjust: (inout ServerLimits) -> Void, _ body: @Sendable @escaping (Int, ConnectionGuard.Counter) async throws -> Void)
        async throws
    {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = EmbeddedBridgeConfiguration(
            core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
            demoAdminPassword: TestBridge.adminPassword)
        adjust(&configuration.limits)
        let bridge = try await EmbeddedBridge.build(configuration, logger: TestBridge.logger)
        let server = bridge.server
        let counter = server.connections
        try await server.application(configuration: .init(), logger: TestBridge.logger).test(.live) { client in
            try await body(try #require(client.port), counter)
        }
    }

    @Test func silentAndTricklingClientsAreCutOffWhileOthersAreServed() async throws {
        try await Self.withServer({ $0.headerTimeout = .seconds(1) }) { port, _ in
            let (silentClosed, trickleClosed, served) = try await OffPool.run { () throws -> (Bool, Bool, String) in
                let silent = try Raw(port: port)
                let trickle = try Raw(port: port)
                // One byte every 200 ms: never idle, never a complete head.
                let started = Date()
                var trickleCut = false
                for byte in "GET /health HTTP/1.1\r\nX-Slow: ".utf8 + Array(repeating: UInt8(ascii: "a"), count: 100) {
                    if !trickle.send(String(UnicodeScalar(byte))) { trickleCut = true; break }
                    Thread.sleep(forTimeInterval: 0.2)
                    if Date().timeIntervalSince(started) > 8 { break }
                }
                trickleCut = trickleCut || trickle.closedWithin(5)
                let other = try Raw(port: port)
                other.send(Self.health)
                return (silent.closedWithin(5), trickleCut, other.readResponse())
            }
            #expect(silentClosed, "a connection that sent nothing was closed")
            #expect(trickleClosed, "a head trickled past the header timeout was closed")
            #expect(served.hasPrefix("HTTP/1.1 200") && served.contains("healthy"), "\(served)")
        }
    }

    @Test func oversizedHeadGets431AndKeepAliveIdlesOut() async throws {
        try await Self.withServer({ $0.maxHeaderBytes = 4096; $0.idleTimeout = .seconds(1) }) { port, _ in
            let (oversized, first, second, idleClosed) = try await OffPool.run { () throws -> (String, String, String, Bool) in
                let big = try Raw(port: port)
                big.send("GET /health HTTP/1.1\r\nHost: test\r\nX-Big: \(String(repeating: "b", count: 8000))\r\n\r\n")
                let oversized = big.readToEnd()
                let keep = try Raw(port: port)
                keep.send(Self.health)
                let first = keep.readResponse()
                keep.send(Self.health)
                let second = keep.readResponse()
                return (oversized, first, second, keep.closedWithin(5))
            }
            #expect(oversized.hasPrefix("HTTP/1.1 431"), "\(oversized.prefix(200))")
            #expect(first.hasPrefix("HTTP/1.1 200") && second.hasPrefix("HTTP/1.1 200"), "keep-alive serves a second request")
            #expect(idleClosed, "an idle keep-alive connection is closed after the idle timeout")
        }
    }

    @Test func theCapRefusesWith503AndFreesItsSlot() async throws {
        try await Self.withServer({ $0.maxConnections = 3; $0.headerTimeout = .seconds(2) }) { port, connections in
            let (refused, afterwards) = try await OffPool.run { () throws -> (String, String) in
                let held = try (0..<3).map { _ in try Raw(port: port) }
                // The three are accepted and counted before the fourth arrives.
                let deadline = Date().addingTimeInterval(10)
                while connections.current < 3 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                let fourth = try Raw(port: port)
                let refused = fourth.readToEnd()
                _ = held.count
                return (refused, "")
            }
            #expect(refused.hasPrefix("HTTP/1.1 503"), "\(refused)")
            // The held connections are gone (closed by the client, or cut off by the header
            // timeout, whichever first): their slots are free again.
            let deadline = ContinuousClock.now + .seconds(15)
            while connections.current > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(connections.current == 0)
            let served = try await OffPool.run { () throws -> String in
                let again = try Raw(port: port)
                again.send(Self.health)
                return again.readResponse()
            }
            #expect(served.hasPrefix("HTTP/1.1 200"), "\(served)")
            _ = afterwards
        }
    }

    /// N1: one address holding silent connections reaches its share of the cap and no more;
    /// another address is still served.
    @Test func oneAddressGetsAShareOfTheCap() async throws {
        try await Self.withServer({ $0.maxConnections = 64; $0.maxConnectionsPerAddress = 8; $0.headerTimeout = .seconds(5) }) { port, connections in
            let (refused, other) = try await OffPool.run { () throws -> (String, String) in
                let held = try (0..<8).map { _ in try Raw(port: port, from: "127.0.0.2") }
                let deadline = Date().addingTimeInterval(10)
                while connections.current(from: "127.0.0.2") < 8 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                let ninth = try Raw(port: port, from: "127.0.0.2")
                let refused = ninth.readToEnd()
                let other = try Raw(port: port, from: "127.0.0.3")
                other.send(Self.health)
                _ = held.count
                return (refused, other.readResponse())
            }
            #expect(refused.hasPrefix("HTTP/1.1 503"), "the ninth connection from one address: \(refused)")
            #expect(other.hasPrefix("HTTP/1.1 200"), "another address is served: \(other)")
        }
    }

    /// A graceful shutdown waits for answers, not for clients that ask nothing: a connection
    /// opened ahead that never sent a byte (a client's pool does this) and one that sent only part
    /// of a head are closed at once, a kept one after its answer, and a request whose body was
    /// still arriving when the shutdown began is answered, then closed. With 60 s header and idle
    /// timeouts, the silent connection held the shutdown for the header timeout (the WebSocket
    /// upgrade's pipeline has no HTTP handler to close it before a first head).
    @Test func aGracefulShutdownClosesConnectionsThatAskNothing() async throws {
        let clock = ContinuousClock()
        let held = NIOLockedValueBox<[Raw]>([])
        let bodyEnded = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
        let late = NIOLockedValueBox<Task<(String, Bool), any Error>?>(nil)
        let body = #"{"mobile":"13800138000","verification_code":"123456"}"#
        try await Self.withServer({ $0.headerTimeout = .seconds(60); $0.idleTimeout = .seconds(60) }) { port, _ in
            let arriving = try await OffPool.run { () throws -> Raw in
                let silent = try Raw(port: port)
                let partial = try Raw(port: port)
                partial.send("GET /health HTTP/1.1\r\nHost: te")
                let kept = try Raw(port: port)
                kept.send(Self.health)
                _ = kept.readResponse()
                // One write: a whole request, then the next one's head and the start of its body.
                // The first answer shows the server has read them all (a shutdown racing bytes
                // not yet read would close the connection as idle, as HTTP keep-alive allows).
                let arriving = try Raw(port: port)
                arriving.send(Self.health + "POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body.prefix(10))
                guard arriving.readResponse().hasPrefix("HTTP/1.1 200") else { throw TestFailure("the first request was not answered") }
                held.withLockedValue { $0 = [silent, partial, kept, arriving] }
                return arriving
            }
            // The rest of that body goes out a second after the shutdown began.
            late.withLockedValue {
                $0 = Task {
                    try await OffPool.run { () -> (String, Bool) in
                        Thread.sleep(forTimeInterval: 1)
                        arriving.send(String(body.dropFirst(10)))
                        return (arriving.readResponse(), arriving.closedWithin(10))
                    }
                }
            }
            bodyEnded.withLockedValue { $0 = clock.now }
        }
        let took = try #require(bodyEnded.withLockedValue { $0 }).duration(to: clock.now)
        #expect(took < .seconds(30), "the shutdown took \(took)")
        let (answer, closed) = try await #require(late.withLockedValue { $0 }).value
        #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains("access_token"), "the request under way is answered: \(answer)")
        #expect(closed, "and its connection closed after the answer")
        let raws = held.withLockedValue { $0 }
        #expect(try await OffPool.run { raws[0].closedWithin(1) && raws[1].closedWithin(1) && raws[2].closedWithin(1) })
    }

    /// N1: after one cheap request, the next head on the connection gets the header timeout, not
    /// header and request timeouts together.
    @Test func theNextHeadOnAKeptConnectionHasTheHeaderTimeout() async throws {
        try await Self.withServer({ $0.headerTimeout = .seconds(1); $0.requestTimeout = .seconds(30) }) { port, _ in
            let (first, closed) = try await OffPool.run { () throws -> (String, Bool) in
                let keep = try Raw(port: port)
                keep.send(Self.health)
                let first = keep.readResponse()
                keep.send("GET /health HTTP/1.1\r\nHost: te")
                // Closed after about 1 s; before the fix, after 31 s.
                return (first, keep.closedWithin(10))
            }
            #expect(first.hasPrefix("HTTP/1.1 200"))
            #expect(closed, "a stalled second head is cut at the header timeout")
        }
    }

    /// A slow download is not cut by the idle timeout while it moves: 4 MB read at ~600 KB/s
    /// with a 1 s idle timeout arrives whole.
    @Test func aSlowDownloadIsNotCutWhileItMoves() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = EmbeddedBridgeConfiguration(
            core: TestBridge.coreConfiguration(directory), mappingsDirectory: TestBridge.mappingsDirectory, demo: true,
            demoAdminPassword: TestBridge.adminPassword)
        configuration.limits.idleTimeout = .seconds(1)
        let bridge = try await EmbeddedBridge.build(configuration, logger: TestBridge.logger)
        let size = 4 * 1024 * 1024
        try FileManager.default.createDirectory(atPath: directory + "/objects/photos", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/objects/photos/big.jpg", contents: Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
        try await bridge.server.application(configuration: .init(), logger: TestBridge.logger).test(.live) { client in
            let port = try #require(client.port)
            let received = try await OffPool.run { () throws -> Int in
                let raw = try Raw(port: port)
                var small: Int32 = 16 * 1024
                setsockopt(raw.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
                raw.send("GET /files/photos/big.jpg HTTP/1.1\r\nHost: test\r\n\r\n")
                var total = 0
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                let started = Date()
                while Date().timeIntervalSince(started) < 30 {
                    let count = buffer.withUnsafeMutableBytes { recv(raw.fd, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { break }
                    total += count
                    if total >= size { break }
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return total
            }
            #expect(received >= size, "\(received) of \(size) bytes (head included) before the connection ended")
        }
    }
}
