import NIOCore
import NIOHTTP1
import NIOPosix

/// NIO's HTTP/1 server with one handler doing the whole job on the connection's event loop:
/// no framework, no tasks (how the gateway's nginx worker runs).
struct RawFloor {
    let mode: FloorMode
    let upstream: UpstreamSet
    let group: MultiThreadedEventLoopGroup

    func run(port: Int) async throws {
        let mode = self.mode
        let upstream = self.upstream
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RawStatusHandler(mode: mode, upstream: upstream))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        try await server.closeFuture.get()
    }
}

final class RawStatusHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    static let fixed: [UInt8] = Array(#"{"code":0,"msg":"success","message":"success","data":{"status":"ok"}}"#.utf8)

    let mode: FloorMode
    let upstream: UpstreamSet
    private var authorization = ""
    private var keepAlive = true

    init(mode: FloorMode, upstream: UpstreamSet) {
        self.mode = mode
        self.upstream = upstream
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            authorization = head.headers["authorization"].first ?? ""
            keepAlive = head.isKeepAlive
        case .body: break
        case .end: answer(context: context)
        }
    }

    private func answer(context: ChannelHandlerContext) {
        if mode == .staticAnswer {
            respond(context: context, body: context.channel.allocator.buffer(bytes: Self.fixed))
            return
        }
        let translate = mode == .nioTranslate
        upstream.profile(authorization: authorization, on: context.eventLoop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let body):
                self.respond(
                    context: context,
                    body: translate ? context.channel.allocator.buffer(bytes: StatusRewrite.legacyAnswer(fromV4: body.readableBytesView)) : body)
            case .failure:
                context.close(promise: nil)
            }
        }
    }

    private func respond(context: ChannelHandlerContext, body: ByteBuffer) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json; charset=utf-8")
        headers.add(name: "content-length", value: String(body.readableBytes))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
