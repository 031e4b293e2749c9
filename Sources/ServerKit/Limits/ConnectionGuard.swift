import NIOConcurrencyHelpers
import NIOCore

/// The first handler of every connection's pipeline, on raw bytes: counts connections against
/// `ServerLimits.maxConnections`, closes connections that send nothing, trickle a request head
/// or hold a request too long, and refuses oversized heads. It reads HTTP/1.1 framing only as
/// far as it must:
/// - the first request's head ends at its first blank line (CRLF CRLF): it must arrive within
///   the header timeout and be at most `maxHeaderBytes` (else 431);
/// - a head's `Content-Length` says how many body bytes follow; a response starting on the way
///   out ends a request; a `101` hands the connection to the WebSocket, whose own limits
///   (Mappings/realtime.yaml) apply from then on;
/// - after a response the connection may idle for the idle timeout, counted from the answer's
///   last write (a slow download is not cut while it moves);
/// - a connection whose send buffer stays full for `sendTimeout` (it stopped reading) is
///   closed, whatever its state, the WebSocket included;
/// - when the request before was read whole, the next bytes are the next head, held to the
///   header timeout and the size limit like the first; when it was not (a chunked body, the rest
///   of a body the server answered early, pipelining), they are not scanned, and the next
///   response must start within the header and request timeouts together. The HTTP parser's
///   own head limit (set to `maxHeaderBytes`) covers those heads.
public final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = IOData
    public typealias OutboundOut = IOData

    /// Connections open now, in all and by client address, shared by every connection of one server.
    public final class Counter: Sendable {
        struct Counts {
            var total = 0
            var byAddress: [String: Int] = [:]
        }

        private let value = NIOLockedValueBox(Counts())
        public init() {}

        /// Takes a place for a connection from `address` (nil: a trusted proxy, or unknown),
        /// unless the server or that address is at its limit.
        func enter(address: String?, limits: ServerLimits) -> Bool {
            value.withLockedValue { counts in
                guard counts.total < limits.maxConnections else { return false }
                if let address {
                    guard counts.byAddress[address, default: 0] < limits.addressShare else { return false }
                    counts.byAddress[address, default: 0] += 1
                }
                counts.total += 1
                return true
            }
        }

        func leave(address: String?) {
            value.withLockedValue { counts in
                counts.total -= 1
                if let address {
                    counts.byAddress[address, default: 1] -= 1
                    if counts.byAddress[address] == 0 { counts.byAddress[address] = nil }
                }
            }
        }

        public var current: Int { value.withLockedValue { $0.total } }
        /// Connections open now from `address`.
        public func current(from address: String) -> Int { value.withLockedValue { $0.byAddress[address] ?? 0 } }
    }

    enum State {
        /// Before the first request: nothing of its head has arrived.
        case idle
        /// Part of a head has arrived: `seen` bytes of it, `window` its last four bytes.
        case head(seen: Int, window: UInt32)
        /// The head is complete; the body and the server's answer are under way. `body`: the
        /// body bytes still to come (nil: unknown, a chunked body or more bytes than announced).
        case request(body: Int?)
        /// A response has started; nothing has arrived since. `whole`: the request before it was
        /// read to its end, so the next bytes are a head.
        case answered(whole: Bool)
        /// Bytes arrived after a response: a further request under way (not scanned).
        case further
        /// Upgraded to a WebSocket: this handler no longer looks.
        case passthrough
        /// Refused (over the connection cap, an oversized head): nothing more is read.
        case refused
    }

    private let limits: ServerLimits
    private let counter: Counter
    private var state: State = .idle
    /// When the connection closes unless the state moves on; `nil` when no deadline applies.
    private var deadline: NIODeadline?
    /// The one timer, and when it fires. A new deadline later than the timer leaves it alone:
    /// the timer fires, finds the deadline moved, and sets itself for it. So a keep-alive
    /// request, which moves the deadline three times, schedules nothing in the usual case;
    /// cancelling and scheduling a task at each move was ~3 % of a cheap request's time.
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline = .distantFuture
    private var counted = false
    /// The peer address the connection counts against (nil: a trusted proxy, or unknown).
    private var address: String?
    /// The head line being scanned (its first bytes: enough for `Content-Length: n`), and what
    /// the head said of its body so far.
    private var line: [UInt8] = []
    private var contentLength: Int?
    private var chunked = false

    public init(limits: ServerLimits, counter: Counter) {
        self.limits = limits
        self.counter = counter
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private var started = false

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let peer = context.channel.remoteAddress?.ipAddress
        address = peer.flatMap { limits.trustedProxies.contains($0) ? nil : $0 }
        guard counter.enter(address: address, limits: limits) else {
            state = .refused
            refuse(context, status: "503 Service Unavailable")
            return
        }
        counted = true
        // A new connection must send its first head within the header timeout.
        arm(context, after: limits.headerTimeout)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    /// The stall watch: armed when the send buffer fills, cancelled when it drains.
    private var stall: Scheduled<Void>?

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stall?.cancel()
            stall = nil
        } else if stall == nil {
            let channel = context.channel
            stall = context.eventLoop.scheduleTask(in: limits.sendTimeout) {
                if !channel.isWritable { channel.close(promise: nil) }
            }
        }
        context.fireChannelWritabilityChanged()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    // MARK: Graceful shutdown

    /// A quiesce event came while a request was being read: it is fired again when that
    /// request's answer starts.
    private var quiesceOnAnswer = false

    /// The server is shutting down (`ChannelShouldQuiesceEvent`): HTTP's own handlers close a
    /// connection once its answer is written, or at once when it is idle. With the WebSocket
    /// upgrade those handlers are added only once the first request's head has been read, so
    /// before that nobody would close it, and the shutdown waited for the header timeout (a
    /// client's pool or a browser opens connections ahead and sends nothing on some of them).
    /// Here, as HTTP's handlers do without the upgrade: a connection that has sent nothing, or
    /// only part of a head, is closed now (no request was taken, the client may send it again
    /// elsewhere); one whose request is under way is told again when its answer starts, so the
    /// handlers there by then close it after that answer.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        switch state {
        case .idle, .head:
            context.close(promise: nil)
            return
        case .request:
            quiesceOnAnswer = true
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The connection's slot and timer, given back once (whichever of removal and close comes first).
    private func release() {
        disarm()
        stall?.cancel()
        stall = nil
        if counted {
            counted = false
            counter.leave(address: address)
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .refused:
            return
        case .passthrough, .further:
            break
        case .request(let body):
            if let body {
                let left = body - unwrapInboundIn(data).readableBytes
                state = .request(body: left >= 0 ? left : nil)
            }
        case .answered(whole: false):
            state = .further
            arm(context, after: limits.headerTimeout + limits.requestTimeout)
        case .idle, .answered(whole: true):
            startHead(context)
            scan(unwrapInboundIn(data), context: context)
        case .head:
            scan(unwrapInboundIn(data), context: context)
        }
        if case .refused = state { return }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .request, .further, .answered:
            guard case .byteBuffer(let buffer) = unwrapOutboundIn(data) else { break }
            // The answer starts: the request is over; a 101 hands the connection to the socket.
            if buffer.readableBytesView.starts(with: Self.switching) {
                state = .passthrough
                disarm()
            } else if case .answered = state {
                // More of the same answer: the idle time counts from its last write.
                arm(context, after: limits.idleTimeout)
            } else {
                if case .request(let body) = state { state = .answered(whole: body == 0) } else { state = .answered(whole: false) }
                arm(context, after: limits.idleTimeout)
                if quiesceOnAnswer {
                    quiesceOnAnswer = false
                    context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
                }
            }
        default:
            break
        }
        context.write(data, promise: promise)
    }

    private static let switching = Array("HTTP/1.1 101".utf8)

    /// A new head: the header timeout and the size limit start again.
    private func startHead(_ context: ChannelHandlerContext) {
        state = .head(seen: 0, window: 0)
        line.removeAll(keepingCapacity: true)
        contentLength = nil
        chunked = false
        arm(context, after: limits.headerTimeout)
    }

    /// Looks for the blank line ending the head, and for what it says of its body; counts its
    /// bytes against the limit.
    private func scan(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        guard case .head(var seen, var window) = state else { return }
        let bytes = buffer.readableBytesView
        for (offset, byte) in zip(0..., bytes) {
            seen += 1
            window = window << 8 | UInt32(byte)
            if byte == 0x0A {
                headerLine()
            } else if byte != 0x0D, line.count < 64 {
                line.append(byte)
            }
            if window == 0x0D0A_0D0A {
                // Bytes after the head in this read are the body's (or, pipelined, more).
                let after = bytes.count - offset - 1
                let body = chunked ? nil : (contentLength ?? 0) - after
                state = .request(body: body.flatMap { $0 >= 0 ? $0 : nil })
                arm(context, after: limits.requestTimeout)
                return
            }
            if seen > limits.maxHeaderBytes {
                state = .refused
                refuse(context, status: "431 Request Header Fields Too Large")
                return
            }
        }
        state = .head(seen: seen, window: window)
    }

    /// One header line ended: `Content-Length: n` or any `Transfer-Encoding`.
    /// (Bytes compared case-blind, no strings: this runs for every head of every request.)
    private func headerLine() {
        defer { line.removeAll(keepingCapacity: true) }
        guard let colon = line.firstIndex(of: 0x3A) else { return }
        let name = line[..<colon]
        if Self.same(name, Self.transferEncoding) { chunked = true }
        guard Self.same(name, Self.contentLengthName) else { return }
        var length = 0, digits = 0, readable = true
        for byte in line[(colon + 1)...] where byte != 0x20 && byte != 0x09 {
            guard byte >= 0x30, byte <= 0x39, digits < 15 else { readable = false; break }
            length = length * 10 + Int(byte - 0x30)
            digits += 1
        }
        // A second, differing length or an unreadable one: the body's end is unknown.
        if readable, digits > 0, contentLength == nil || contentLength == length {
            contentLength = length
        } else {
            chunked = true
        }
    }

    private static let contentLengthName = Array("content-length".utf8)
    private static let transferEncoding = Array("transfer-encoding".utf8)

    private static func same(_ name: ArraySlice<UInt8>, _ lowercase: [UInt8]) -> Bool {
        name.count == lowercase.count && zip(name, lowercase).allSatisfy { $0 | 0x20 == $1 }
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount) {
        let at = NIODeadline.now() + delay
        deadline = at
        if timer == nil || at < timerAt { schedule(context, at: at) }
    }

    private func schedule(_ context: ChannelHandlerContext, at: NIODeadline) {
        timer?.cancel()
        timerAt = at
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: at) {
            let (handler, context) = bound.value
            handler.fire(context)
        }
    }

    private func fire(_ context: ChannelHandlerContext) {
        timer = nil
        timerAt = .distantFuture
        guard let deadline else { return }
        if deadline <= .now() {
            if case .answered = state, !context.channel.isWritable {
                // The answer is still going out to a client that reads it: the idle time starts
                // when it is delivered (a client that stopped reading meets the send timeout).
                arm(context, after: limits.idleTimeout)
                return
            }
            context.channel.close(promise: nil)
        } else {
            schedule(context, at: deadline)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
        timerAt = .distantFuture
        deadline = nil
    }

    /// A minimal HTTP answer, then the connection closes (the client learns why; no parser needed).
    private func refuse(_ context: ChannelHandlerContext, status: String) {
        disarm()
        let text = "HTTP/1.1 \(status)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer))).whenComplete { _ in channel.close(promise: nil) }
    }
}
