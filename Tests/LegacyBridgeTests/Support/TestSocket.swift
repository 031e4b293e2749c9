import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// A real WebSocket client on a real socket (swift-websocket's client), for the `/ws` tests:
/// what it receives is buffered, what a test sends goes out in order.
final class TestSocket: Sendable {
    enum Outgoing: Sendable {
        case text(String)
        case binary([UInt8])
        case close
    }

    struct State {
        var received: [String] = []
        var ended = false
        var closeFrame: WebSocketCloseFrame?
        var error: String?
    }

    private let state = NIOLockedValueBox(State())
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let task: Task<Void, Never>
    let path: String

    /// Connects to `ws://127.0.0.1:<port><path>` (path with any query).
    init(port: Int, path: String = "/ws", headers: HTTPFields = [:], maxFrameSize: Int = 1 << 21) {
        let (stream, continuation) = AsyncStream<Outgoing>.makeStream()
        outgoing = continuation
        self.path = String(path.prefix(40))
        let state = self.state
        var configuration = WebSocketClientConfiguration()
        configuration.additionalHeaders = headers
        configuration.maxFrameSize = maxFrameSize
        var logger = Logger(label: "test-socket")
        logger.logLevel = .critical
        task = Task {
            do {
                let frame = try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)\(path)", configuration: configuration, logger: logger
                ) { inbound, outbound, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await item in stream {
                                switch item {
                                case .text(let text): try await outbound.write(.text(text))
                                case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                                case .close:
                                    try await outbound.close(.normalClosure, reason: nil)
                                    return
                                }
                            }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 22) {
                                if case .text(let text) = message { state.withLockedValue { $0.received.append(text) } }
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                }
                state.withLockedValue {
                    $0.closeFrame = frame
                    $0.ended = true
                }
            } catch {
                state.withLockedValue {
                    $0.error = "\(error)"
                    $0.ended = true
                }
            }
            continuation.finish()
        }
    }

    func send(_ text: String) { outgoing.yield(.text(text)) }
    func send(json: JSONValue) { outgoing.yield(.text(json.serialized())) }
    func sendBinary(_ bytes: [UInt8]) { outgoing.yield(.binary(bytes)) }

    /// Everything received so far.
    var received: [String] { state.withLockedValue { $0.received } }

    /// The `index`th message (0-based), parsed, waiting up to `timeout` for it.
    func message(_ index: Int, timeout: Duration = .seconds(20)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (messages, ended) = state.withLockedValue { ($0.received, $0.ended) }
            if messages.count > index { return try JSONValue.parse(messages[index]) }
            if ended { throw TestFailure("socket ended after \(messages.count) messages: \(messages), close \(String(describing: closeFrame))") }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("no message \(index) within \(timeout); got \(received)")
    }

    /// The next message of `type` at or after `index`; returns it and its index.
    func first(_ type: String, from index: Int = 0, timeout: Duration = .seconds(20)) async throws -> (JSONValue, Int) {
        var i = index
        while true {
            let message = try await message(i, timeout: timeout)
            if message["type"]?.stringValue == type { return (message, i) }
            i += 1
        }
    }

    /// Sends a D1-B ping and waits for its pong: every message queued for this socket before
    /// the ping is then in `received`, so "nothing else arrived" can be asserted without a clock.
    func roundTrip(timeout: Duration = .seconds(20)) async throws -> [JSONValue] {
        let stamp = Int64.random(in: 1...Int64(1) << 50)
        send(json: ["type": "ping", "timestamp": .int(stamp)])
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let parsed = try received.map { try JSONValue.parse($0) }
            if parsed.contains(where: { $0["type"] == "pong" && $0["data"]?["timestamp"] == .int(stamp) }) { return parsed }
            if state.withLockedValue({ $0.ended }) { throw TestFailure("socket ended before the pong: \(received)") }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("no pong within \(timeout)")
    }

    /// The close the server sent, waiting up to `timeout` for the socket to end.
    func closed(timeout: Duration = .seconds(30)) async throws -> WebSocketCloseFrame? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let frame = state.withLockedValue({ $0.ended ? $0.closeFrame : nil }) { return frame }
            if state.withLockedValue({ $0.ended }) { return nil }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("socket \(path) still open after \(timeout); received \(received)")
    }

    var closeFrame: WebSocketCloseFrame? { state.withLockedValue { $0.closeFrame } }
    var isEnded: Bool { state.withLockedValue { $0.ended } }

    /// Closes from the client side and waits for the socket to end.
    func close() async {
        outgoing.yield(.close)
        _ = await task.value
    }
}
