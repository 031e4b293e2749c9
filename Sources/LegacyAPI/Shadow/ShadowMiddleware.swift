import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import ResponseDiff
import ServerKit
import Synchronization

/// The request path of shadowing. With `--shadow` the bridge answers; a compared request's body
/// is copied and its answer teed while it is written, and the pair is queued once the client has
/// it. With `--primary` the old backend answers every legacy route (its status, headers and
/// bytes) and a compared request is queued for the bridge's own answer. Anything not on a mapped
/// route (`/health`, `/metrics`, `/ws`, files) is the bridge's as always.
struct ShadowMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let traffic: ShadowTraffic

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let secret = request.headers[HTTPField.Name(ShadowTraffic.internalHeader)!]
        if secret == traffic.secret { return try await next(request, context) }
        let method = request.method.rawValue
        guard let route = traffic.route(method: method, path: request.uri.path) else {
            return try await next(request, context)
        }
        let endpoint = route.endpoint
        switch traffic.settings.mode {
        case .shadow: return try await shadow(request, context: context, endpoint: endpoint, route: route, next: next)
        case .primary: return try await primary(request, context: context, endpoint: endpoint, route: route)
        }
    }

    private func shadow(
        _ request: Request, context: Context, endpoint: String, route: ShadowRoute, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        switch traffic.decide(route, method: request.method.rawValue) {
        case .sampledOut: return try await next(request, context)
        case .skip(let reason):
            traffic.skipped(endpoint, reason: reason)
            return try await next(request, context)
        case .compare: break
        }
        guard traffic.hasRoom(endpoint) else { return try await next(request, context) }
        var request = request
        var body: [UInt8]?
        if Self.hasBody(request) {
            // Copied only when its length is declared and small: the route's own limit and
            // errors stay exactly as they are without shadowing.
            guard let length = request.headers[.contentLength].flatMap(Int.init), length <= min(traffic.settings.maxBody, route.route.bodyLimit) else {
                traffic.skipped(endpoint, reason: "body")
                return try await next(request, context)
            }
            body = Array((try await request.collectBody(upTo: length)).readableBytesView)
        }
        let replay = Self.replayRequest(request, body: body)
        let client = traffic.trustedProxies.clientAddress(peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor])
        let response = try await next(request, context)
        let traffic = self.traffic
        let original = response.body
        let capture = Capture(limit: 4 * 1024 * 1024)
        var teed = response
        teed.body = ResponseBody(contentLength: original.contentLength) { writer in
            try await original.write(TeeWriter(inner: writer, capture: capture))
            guard let bytes = capture.bytes() else { return traffic.skipped(endpoint, reason: "answer") }
            traffic.enqueue(ShadowJob(
                endpoint: endpoint, route: route, request: replay, status: Int(response.status.code), body: bytes,
                clientAddress: client))
        }
        return teed
    }

    private func primary(_ request: Request, context: Context, endpoint: String, route: ShadowRoute) async throws -> Response {
        var request = request
        let body = Self.hasBody(request) ? Array((try await request.collectBody(upTo: route.route.bodyLimit)).readableBytesView) : nil
        let replay = Self.replayRequest(request, body: body)
        var outgoing = HTTPClientRequest(url: traffic.settings.oldBackend + replay.target)
        outgoing.method = HTTPMethod(rawValue: replay.method)
        for (name, value) in replay.headers { outgoing.headers.add(name: name, value: value) }
        // The old backend counts the client, as it did without the bridge in front.
        let client = traffic.trustedProxies.clientAddress(peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor])
        outgoing.headers.remove(name: "X-Forwarded-For")
        if let client { outgoing.headers.add(name: "X-Forwarded-For", value: client) }
        if let body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let answer: HTTPClientResponse, bytes: ByteBuffer
        do {
            answer = try await traffic.client.execute(outgoing, timeout: ShadowTraffic.amount(traffic.settings.proxyTimeout))
            bytes = try await answer.body.collect(upTo: 64 * 1024 * 1024)
        } catch {
            traffic.skipped(endpoint, reason: "old_unreachable")
            return Response(status: .badGateway, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "old backend unavailable\n")))
        }
        var headers = HTTPFields()
        for header in answer.headers where !ShadowTraffic.hopByHop.contains(header.name.lowercased()) {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        switch traffic.decide(route, method: replay.method) {
        case .compare:
            if traffic.hasRoom(endpoint) {
                traffic.enqueue(ShadowJob(
                    endpoint: endpoint, route: route, request: replay, status: Int(answer.status.code), body: Array(bytes.readableBytesView),
                    clientAddress: client))
            }
        case .skip(let reason): traffic.skipped(endpoint, reason: reason)
        case .sampledOut: break
        }
        return Response(status: .init(code: Int(answer.status.code)), headers: headers, body: .init(byteBuffer: bytes))
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }

    /// The request as the other system gets it: method, path and query as sent, the end-to-end
    /// headers (not Host, not the framing), the body.
    static func replayRequest(_ request: Request, body: [UInt8]?) -> ReplayRequest {
        let target = request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
        let headers = request.headers.filter { !ShadowTraffic.hopByHop.contains($0.name.canonicalName) }.map { ($0.name.rawName, $0.value) }
        return ReplayRequest(method: request.method.rawValue, path: target, headers: headers, body: body)
    }

    /// The answer's bytes as they are written to the client, up to a limit.
    final class Capture: Sendable {
        let limit: Int
        private let buffer = Mutex<(bytes: [UInt8], overflow: Bool)>(([], false))

        init(limit: Int) { self.limit = limit }

        func append(_ chunk: ByteBuffer) {
            buffer.withLock { state in
                guard !state.overflow else { return }
                if state.bytes.count + chunk.readableBytes > limit { state.overflow = true; state.bytes = [] } else { state.bytes += chunk.readableBytesView }
            }
        }

        /// The whole answer, or nil when it was longer than the limit.
        func bytes() -> [UInt8]? { buffer.withLock { $0.overflow ? nil : $0.bytes } }
    }

    struct TeeWriter: ResponseBodyWriter {
        var inner: any ResponseBodyWriter
        let capture: Capture

        mutating func write(_ buffer: ByteBuffer) async throws {
            capture.append(buffer)
            try await inner.write(buffer)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            try await inner.finish(trailingHeaders)
        }
    }
}
