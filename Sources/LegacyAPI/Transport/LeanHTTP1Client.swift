import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The V4 hot path's HTTP/1.1 client: keep-alive connections over NIO's own HTTP/1 codec, one
/// request at a time per connection, pooled per event loop and opened on the loop the calling
/// task runs on (with `LEGACY_BRIDGE_EXECUTOR=nio` that is the loop of the client's own
/// connection, so a call never changes threads). Not a general client: plain `http://`, a whole
/// answer in memory, no redirects, no retries (the transport decides what may be sent twice).
/// AsyncHTTPClient stays for what this does not do (TLS, multipart uploads, files).
final class LeanHTTP1Client: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    enum Failure: Error, Sendable {
        /// The connection could not be made: nothing was sent.
        case connect(String)
        /// The connection ended before a whole answer: the request may have been processed.
        case closed(String)
        case timedOut
        case tooLarge
    }

    let host: String
    let port: Int
    /// The path the base URL carries (`http://host/prefix`), before every request's own.
    let basePath: String
    let group: MultiThreadedEventLoopGroup
    let connectTimeout: TimeAmount
    let maxResponseBytes: Int
    /// Idle connections kept per event loop at most.
    let maxIdlePerLoop: Int
    private let idle = NIOLockedValueBox<[ObjectIdentifier: [Channel]]>([:])

    /// Nil unless `baseURL` is `http://host[:port][/path]`.
    init?(baseURL: String, group: MultiThreadedEventLoopGroup = .singleton, connectTimeout: TimeAmount = .seconds(3),
          maxResponseBytes: Int, maxIdlePerLoop: Int = 64)
    {
        guard baseURL.hasPrefix("http://") else { return nil }
        let rest = baseURL.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = String(rest.dropFirst(authority.count))
        let parts = authority.split(separator: ":", maxSplits: 1)
        guard let name = parts.first, !name.isEmpty else { return nil }
        host = String(name)
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number) else { return nil }
            port = number
        } else {
            port = 80
        }
        basePath = path.hasSuffix("/") ? String(path.dropLast()) : path
        self.group = group
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxIdlePerLoop = maxIdlePerLoop
    }

    /// Sends one request and reads its whole answer within `timeout`.
    func execute(method: HTTPMethod, path: String, headers: HTTPHeaders, body: ByteBuffer?, timeout: TimeAmount) async throws(Failure)
        -> Response
    {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        let channel = try await checkout(on: loop)
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: basePath + path, headers: headers)
        head.headers.replaceOrAdd(name: "host", value: port == 80 ? host : "\(host):\(port)")
        if let body { head.headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes)) }
        let answer = try await exchange(head: head, body: body, on: channel, timeout: timeout)
        if answer.keepAlive, channel.isActive { checkin(channel, on: loop) } else { channel.close(promise: nil) }
        return Response(status: answer.status, headers: answer.headers, body: answer.body)
    }

    /// Sends one request on `channel` and waits for its answer. The call always ends: the
    /// deadline is kept here, and a write that never reaches the connection's `ExchangeHandler`
    /// fails it. That happens when the connection closed after it was taken from the pool (the
    /// server closed an idle keep-alive connection) and before the write reached its event loop:
    /// a closed channel's handlers are gone, its head fails the write, and nothing else would
    /// ever complete the answer's promise (a call that waited forever, its server's graceful
    /// shutdown with it).
    func exchange(head: HTTPRequestHead, body: ByteBuffer?, on channel: any Channel, timeout: TimeAmount) async throws(Failure)
        -> Exchange.Answer
    {
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: Exchange.Answer.self)
        let deadline = loop.scheduleTask(in: timeout) { promise.fail(Failure.timedOut) }
        let written = loop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in promise.fail(Failure.closed("the request was not written: \(error)")) }
        channel.writeAndFlush(Exchange(head: head, body: body, promise: promise, limit: maxResponseBytes), promise: written)
        do {
            let answer = try await promise.futureResult.get()
            deadline.cancel()
            return answer
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            throw error as? Failure ?? .closed(String(describing: error))
        }
    }

    /// Idle connections held now, over every event loop.
    var idleCount: Int { idle.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }

    /// Closes every idle connection.
    func shutdown() {
        let channels = idle.withLockedValue { pools in
            defer { pools = [:] }
            return pools.values.flatMap { $0 }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    private func checkout(on loop: any EventLoop) async throws(Failure) -> Channel {
        let key = ObjectIdentifier(loop)
        while let channel = idle.withLockedValue({ $0[key]?.popLast() }) {
            if channel.isActive { return channel }
        }
        return try await connect(on: loop)
    }

    /// A new connection on `loop`, ready for one `Exchange` at a time.
    func connect(on loop: any EventLoop) async throws(Failure) -> Channel {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                }
            }
        do {
            return try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw .connect(String(describing: error))
        }
    }

    private func checkin(_ channel: Channel, on loop: any EventLoop) {
        let kept = idle.withLockedValue { pools -> Bool in
            let key = ObjectIdentifier(loop)
            guard (pools[key]?.count ?? 0) < maxIdlePerLoop else { return false }
            pools[key, default: []].append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
    }
}

/// One request written to a pooled connection, and where its answer goes.
struct Exchange: Sendable {
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
        var keepAlive: Bool
    }

    var head: HTTPRequestHead
    var body: ByteBuffer?
    var promise: EventLoopPromise<Answer>
    var limit: Int
}

/// Writes one `Exchange` at a time and collects its answer; a connection closed or failed fails
/// the waiting call and is never reused (the deadline is the caller's: `LeanHTTP1Client.exchange`).
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: Exchange?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            let failure = LeanHTTP1Client.Failure.closed("a request is already running on this connection")
            exchange.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        pending = exchange
        head = nil
        body = nil
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let bytes = exchange.body { context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            if let exchange = pending, body!.readableBytes > exchange.limit { fail(LeanHTTP1Client.Failure.tooLarge, context: context) }
        case .end:
            guard let exchange = pending, let head else { return }
            pending = nil
            exchange.promise.succeed(.init(
                status: Int(head.status.code), headers: head.headers, body: body ?? ByteBuffer(), keepAlive: head.isKeepAlive))
            self.head = nil
            body = nil
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(LeanHTTP1Client.Failure.closed("the connection closed before the whole answer"), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(LeanHTTP1Client.Failure.closed(String(describing: error)), context: context)
    }

    private func fail(_ failure: LeanHTTP1Client.Failure, context: ChannelHandlerContext) {
        if let exchange = pending {
            pending = nil
            exchange.promise.fail(failure)
        }
        context.close(promise: nil)
    }
}
