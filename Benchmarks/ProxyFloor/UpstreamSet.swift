import NIOCore
import NIOHTTP1
import NIOPosix

/// Keep-alive HTTP/1.1 connections to V4, kept per event loop and used only on their loop: a
/// request never changes threads between the inbound connection and the V4 call.
final class UpstreamSet: @unchecked Sendable {
    private let port: Int
    private let pools: [ObjectIdentifier: Pool]

    /// One loop's idle connections (mutated on that loop only).
    final class Pool: @unchecked Sendable { var channels: [Channel] = [] }

    init(group: MultiThreadedEventLoopGroup, port: Int) {
        self.port = port
        var pools: [ObjectIdentifier: Pool] = [:]
        for loop in group.makeIterator() { pools[ObjectIdentifier(loop)] = Pool() }
        self.pools = pools
    }

    /// `GET /api/v4/unified-engine/auth/profile` with the caller's token; the answer's body.
    /// Call on `loop`.
    func profile(authorization: String, on loop: EventLoop) -> EventLoopFuture<ByteBuffer> {
        let pool = pools[ObjectIdentifier(loop)]!
        let promise = loop.makePromise(of: ByteBuffer.self)
        let send: (Channel) -> Void = { channel in
            let reader = try! channel.pipeline.syncOperations.handler(type: ResponseReader.self)
            reader.onAnswer = { result in
                if case .success = result { pool.channels.append(channel) } else { channel.close(promise: nil) }
                promise.completeWith(result)
            }
            var headers = HTTPHeaders()
            headers.add(name: "host", value: "127.0.0.1")
            headers.add(name: "authorization", value: authorization)
            channel.write(
                HTTPClientRequestPart.head(
                    HTTPRequestHead(version: .http1_1, method: .GET, uri: "/api/v4/unified-engine/auth/profile", headers: headers)),
                promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        if let channel = pool.channels.popLast(), channel.isActive {
            send(channel)
        } else {
            ClientBootstrap(group: loop)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ResponseReader())
                    }
                }
                .connect(host: "127.0.0.1", port: port)
                .assumeIsolated().whenComplete { result in
                    switch result {
                    case .success(let channel): send(channel)
                    case .failure(let error): promise.fail(error)
                    }
                }
        }
        return promise.futureResult
    }
}

/// Collects one V4 answer's body and hands it on.
final class ResponseReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    var onAnswer: ((Result<ByteBuffer, any Error>) -> Void)?
    private var body = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: body.clear()
        case .body(var part): body.writeBuffer(&part)
        case .end:
            let answer = onAnswer
            onAnswer = nil
            answer?(.success(body))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let answer = onAnswer
        onAnswer = nil
        answer?(.failure(ChannelError.ioOnClosedChannel))
        context.fireChannelInactive()
    }
}
