import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Answers a connection's requests on its own event loop, in front of Hummingbird's
/// `NIOAsyncChannel` (it sits in `HTTP1Channel.Configuration.additionalChannelHandlers`).
///
/// A request the `InlineResponder` takes is read whole here and answered by a task whose answer
/// is written with this handler's context: one flush for a small answer, no hop through the
/// async channel's inbound stream and outbound writer. Every other request is handed on, and
/// Hummingbird's channel answers it. Answers leave in the order their requests came:
/// - while requests handed on still have answers being written, the next ones are handed on too;
/// - while an inline answer is being made, pipelined parts wait here, and once one waits, so do
///   reads (the client's own backpressure).
final class InlineHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The request being read now.
    private enum Reading {
        case nothing
        case inline(HTTPRequest, ByteBuffer?)
        case handedOn
    }

    private let responder: InlineResponder
    private var reading = Reading.nothing
    /// Requests handed on whose answers have not ended yet.
    private var handedOn = 0
    /// An inline answer is being made.
    private var answering = false
    /// Parts read while an inline answer is being made (pipelining), in order.
    private var waiting = CircularBuffer<HTTPRequestPart>()
    private var readHeld = false
    /// The server is shutting down: close once the inline answer in progress is written.
    private var closeAfterAnswer = false
    private var executor: EventLoopTaskExecutor?
    /// A part was handed on since the last read completed (for `resume`).
    private var handedOnParts = false

    init(responder: InlineResponder) {
        self.responder = responder
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if responder.executor == .loop { executor = EventLoopTaskExecutor(context.eventLoop) }
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if answering || !waiting.isEmpty {
            waiting.append(part)
            return
        }
        handle(part, context: context)
    }

    private func handle(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (reading, part) {
        case (.nothing, .head(let head)):
            if handedOn == 0, responder.takes(head) {
                reading = .inline(head, nil)
            } else {
                handedOn += 1
                reading = .handedOn
                handOn(part, context: context)
            }
        case (.inline(let head, var body), .body(var chunk)):
            reading = .nothing  // so `body` is uniquely held while it grows
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            reading = .inline(head, body)
        case (.inline(let head, let body), .end):
            reading = .nothing
            answering = true
            answer(head, body: body ?? ByteBuffer(), context: context)
        case (.handedOn, .end):
            reading = .nothing
            handOn(part, context: context)
        default:
            // Parts of a request handed on (and anything the decoder would never send, which
            // Hummingbird's channel refuses).
            handOn(part, context: context)
        }
    }

    private func handOn(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        handedOnParts = true
        context.fireChannelRead(wrapInboundOut(part))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, answering || isReadingInline {
            closeAfterAnswer = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private var isReadingInline: Bool {
        if case .inline = reading { return true }
        return false
    }

    // MARK: Outbound

    /// Hummingbird's writes, for the requests handed on.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A 400 for a request the decoder could not read ends no request handed on.
        if case .end = unwrapOutboundIn(data), handedOn > 0 {
            handedOn -= 1
        }
        context.write(data, promise: promise)
    }

    /// Reads wait only while pipelined parts wait: holding every read during an answer would
    /// take the socket out of epoll and put it back (two `epoll_ctl` calls) per request.
    func read(context: ChannelHandlerContext) {
        if answering, !waiting.isEmpty {
            readHeld = true
        } else {
            context.read()
        }
    }

    // MARK: The inline answer

    private func answer(_ head: HTTPRequest, body: ByteBuffer, context: ChannelHandlerContext) {
        let request = Request(head: head, body: .init(buffer: body))
        let clientCloses = head.headerFields[.connection].map { $0.lowercased().contains("close") } ?? false
        let channel = context.channel
        let respond = responder.respond
        let serverName = responder.serverName
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let work: @Sendable () async -> Void = {
            var response = await respond(request, channel)
            response.headers[.date] = HTTPDateHeader.now
            if let serverName { response.headers[.server] = serverName }
            let writer = InlineResponseWriter(head: response.head, target: bound, clientCloses: clientCloses)
            do {
                try await response.body.write(writer)
            } catch {
                await writer.abandon()
            }
        }
        if let executor {
            Task(executorPreference: executor, operation: work)
        } else {
            Task(operation: work)
        }
    }

    /// Writes an answer's head (once) and a part of its body, unflushed; a future when enough is
    /// unflushed that the writer should wait for the socket.
    func write(head: HTTPResponse?, body: ByteBuffer?, context: ChannelHandlerContext) -> EventLoopFuture<Void>? {
        if var head {
            if closeAfterAnswer { head.headerFields[.connection] = "close" }
            context.write(wrapOutboundOut(.head(head)), promise: nil)
        }
        guard let body else { return nil }
        if body.readableBytes >= 64 * 1024 {
            return context.writeAndFlush(wrapOutboundOut(.body(body)))
        }
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        return nil
    }

    /// Ends the inline answer, then reads what waited.
    func end(trailers: HTTPFields?, clientCloses: Bool, context: ChannelHandlerContext) {
        let written = context.writeAndFlush(wrapOutboundOut(.end(trailers)))
        if clientCloses || closeAfterAnswer {
            written.whenComplete { _ in context.close(promise: nil) }
            return
        }
        answering = false
        resume(context: context)
    }

    /// A failed answer (its body threw): nothing more can be said on this connection.
    func abandon(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }

    /// Goes on with what waited while an inline answer was made, until another inline answer
    /// starts or nothing waits.
    private func resume(context: ChannelHandlerContext) {
        handedOnParts = false
        // Requests that waited on a connection the client has closed are not run.
        if !context.channel.isActive { waiting.removeAll() }
        while !answering, let part = waiting.popFirst() { handle(part, context: context) }
        if handedOnParts { context.fireChannelReadComplete() }
        if !answering, readHeld {
            readHeld = false
            context.read()
        }
    }
}
