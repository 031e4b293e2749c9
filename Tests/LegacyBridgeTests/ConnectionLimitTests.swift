import BridgeAssembly
import BridgeKit
import Foundation
import HummingbirdTesting
import LegacyAPI
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

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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
}
