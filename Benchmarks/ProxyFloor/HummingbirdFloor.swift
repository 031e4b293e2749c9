import Hummingbird
import NIOCore
import NIOPosix

/// Hummingbird's router and one async handler awaiting the same V4 call: the layers every
/// bridge request passes (server channel, router, task) without the bridge's own.
struct HummingbirdFloor {
    let translate: Bool
    let upstream: UpstreamSet
    let group: MultiThreadedEventLoopGroup

    func run(port: Int) async throws {
        let router = Router()
        let upstream = self.upstream
        let group = self.group
        let translate = self.translate
        router.get("/api/user/status") { request, _ -> Response in
            let loop = group.next()
            let authorization = request.headers[.authorization] ?? ""
            let body = try await loop.flatSubmit { upstream.profile(authorization: authorization, on: loop) }.get()
            let answer = translate ? ByteBuffer(bytes: StatusRewrite.legacyAnswer(fromV4: body.readableBytesView)) : body
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: answer))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), eventLoopGroupProvider: .shared(group))
        try await app.runService()
    }
}
