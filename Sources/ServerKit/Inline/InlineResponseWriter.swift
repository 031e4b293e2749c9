import HTTPTypes
import HummingbirdCore
import NIOCore

/// Writes one inline answer through its connection's `InlineHTTPHandler`: the head with the
/// first part of the body, nothing flushed until the end or until enough is buffered that the
/// writer waits for the socket (a large streamed file).
struct InlineResponseWriter: ResponseBodyWriter, Sendable {
    typealias Target = NIOLoopBound<(handler: InlineHTTPHandler, context: ChannelHandlerContext)>

    private var head: HTTPResponse?
    private let target: Target
    private let loop: any EventLoop
    private let clientCloses: Bool

    init(head: HTTPResponse, target: Target, clientCloses: Bool) {
        self.head = head
        self.target = target
        self.loop = target.eventLoop
        self.clientCloses = clientCloses
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        let head = self.head
        self.head = nil
        let target = self.target
        try await onLoop { target.value.handler.write(head: head, body: buffer, context: target.value.context) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        let head = self.head, target = self.target, clientCloses = self.clientCloses
        try await onLoop {
            let (handler, context) = target.value
            _ = handler.write(head: head, body: nil, context: context)
            handler.end(trailers: trailingHeaders, clientCloses: clientCloses, context: context)
            return nil
        }
    }

    /// The body failed part way: the connection is closed, as nothing more can be said on it.
    func abandon() async {
        let target = self.target
        try? await onLoop {
            target.value.handler.abandon(context: target.value.context)
            return nil
        }
    }

    /// Runs `work` on the connection's loop: at once when the task already runs there (the
    /// `loop` executor), else by submitting it. Waits for the future it may return.
    private func onLoop(_ work: @escaping @Sendable () -> EventLoopFuture<Void>?) async throws {
        if loop.inEventLoop {
            if let wait = work() { try await wait.get() }
            return
        }
        let loop = self.loop
        try await loop.flatSubmit { work() ?? loop.makeSucceededVoidFuture() }.get()
    }
}
