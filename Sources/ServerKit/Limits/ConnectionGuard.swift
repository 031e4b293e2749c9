import NIOConcurrencyHelpers
import NIOCore

/// The first handler of every connection's pipeline, on raw bytes: counts connections against
/// `ServerLimits.maxConnections`, closes connections that send nothing, trickle a request head
/// or hold a request too long, and refuses oversized heads. It reads HTTP/1.1 framing only as
/// far as it must:
/// - the first request's head ends at its first blank line (CRLF CRLF): it must arrive within
///   the header timeout and be at most `maxHeaderBytes` (else 431);
/// - a response starting on the way out ends a request; a `101` hands the connection to the
///   WebSocket, whose own limits (Mappings/realtime.yaml) apply from then on;
/// - after a response the connection may idle for the idle timeout; once bytes arrive again
///   (a further request, or the rest of a body the server answered early) they are not
///   scanned, and the next response must start within the header and request timeouts
///   together. The HTTP parser's own head limit (set to `maxHeaderBytes`) covers those heads.
public final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = IOData
    public typealias OutboundOut = IOData

    /// Connections open now, shared by every connection of one server.
    public final class Counter: Sendable {
        private let value = NIOLockedValueBox(0)
        public init() {}
        func enter(limit: Int) -> Bool {
            value.withLockedValue { count in
                guard count < limit else { return false }
                count += 1
                return true
            }
        }
        func leave() { value.withLockedValue { $0 -= 1 } }
        public var current: Int { value.withLockedValue { $0 } }
    }

    enum State {
        /// Before the first request: nothing of its head has arrived.
        case idle
        /// Part of a head has arrived: `seen` bytes of it, `window` its last four bytes.
        case head(seen: Int, window: UInt32)
        /// The head is complete; the body (if any) and the server's answer are under way.
        case request
        /// A response has started; nothing has arrived since.
        case answered
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
        guard counter.enter(limit: limits.maxConnections) else {
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

    public func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    /// The connection's slot and timer, given back once (whichever of removal and close comes first).
    private func release() {
        disarm()
        if counted {
            counted = false
            counter.leave()
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .refused:
            return
        case .passthrough, .request, .further:
            break
        case .answered:
            state = .further
            arm(context, after: limits.headerTimeout + limits.requestTimeout)
        case .idle:
            state = .head(seen: 0, window: 0)
            arm(context, after: limits.headerTimeout)
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
                // More of the same answer: the idle time counts from its start.
            } else {
                state = .answered
                arm(context, after: limits.idleTimeout)
            }
        default:
            break
        }
        context.write(data, promise: promise)
    }

    private static let switching = Array("HTTP/1.1 101".utf8)

    /// Looks for the blank line ending the head; counts its bytes against the limit.
    private func scan(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        guard case .head(var seen, var window) = state else { return }
        for byte in buffer.readableBytesView {
            seen += 1
            window = window << 8 | UInt32(byte)
            if window == 0x0D0A_0D0A {
                state = .request
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
