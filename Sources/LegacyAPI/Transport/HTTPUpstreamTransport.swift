import AsyncHTTPClient
import BridgeKit
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix
import ServerKit
import Synchronization
import V4Contract

/// Which client carries the JSON calls to an `http://` upstream: the lean NIO HTTP/1.1 client
/// (`LeanHTTP1Client`, the default) or AsyncHTTPClient (`serve --upstream-client ahc`).
public enum UpstreamClientKind: String, Sendable, CaseIterable {
    case lean
    case ahc
}

/// Sends V4 calls to a real V4 deployment (`serve --core http://host:port`): the endpoint's
/// typed input written to path, query and JSON body, the answer decoded once into its type.
///
/// Each call has a deadline; connections are pooled per host. Nothing is retried here: a draw
/// or an exchange must never be sent twice.
public final class HTTPUpstreamTransport: V4Transport {
    public var callsAreRemote: Bool { true }

    public let baseURL: String
    public let timeout: TimeAmount
    let client: HTTPClient
    /// The hot path's client (`http://` upstreams, JSON calls); nil: every call through `client`.
    let lean: LeanHTTP1Client?
    static let maxResponseBytes = 8 * 1024 * 1024

    /// Told of every call's outcome (metrics).
    let observer: (any UpstreamObserver)?
    /// Fails calls at once while the upstream is down (nil: every call is sent).
    public let breaker: CircuitBreaker?
    /// Endpoints this deployment answered as absent (a non-JSON 404 on every documented path).
    let knownAbsent = Mutex<Set<String>>([])

    /// Whether the last probe reached the upstream at all (nil: no probe yet).
    let probeReached = Mutex<Bool?>(nil)

    /// What the last probe found, replacing what calls had learned. An unreachable upstream
    /// teaches nothing about endpoints.
    public func learn(absent: Set<String>, reachable: Bool = true) {
        probeReached.withLock { $0 = reachable }
        guard reachable else { return }
        knownAbsent.withLock { $0 = absent }
    }

    public var lastProbeReached: Bool? { probeReached.withLock { $0 } }

    public var absentEndpoints: Set<String> { knownAbsent.withLock { $0 } }

    public init(
        baseURL: String, timeout: TimeAmount = .seconds(10), maxConnections: Int = 64, observer: (any UpstreamObserver)? = nil,
        breaker: CircuitBreaker? = CircuitBreaker(), client kind: UpstreamClientKind = .lean
    ) {
        self.observer = observer
        self.breaker = breaker
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(3), read: timeout)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnections)
        // A refused connection fails the call at once (the breaker counts it) instead of
        // retrying with back-off until the call's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        // No `accept-encoding` is sent, so nothing arrives compressed: no decompressor in the pipeline.
        configuration.decompression = .disabled
        // No tracer: the V4 hop is followed by its request id. With the default (no-op) tracer the
        // client still built a span and its attributes for every call, ~5 % of the bridge's CPU.
        configuration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.lean = kind == .lean ? LeanHTTP1Client(baseURL: self.baseURL, maxResponseBytes: Self.maxResponseBytes) : nil
    }

    public func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, as credentials: V4Credentials)
        async throws(V4ClientError) -> Output
    {
        // The contract's input rules (the legacy API's own: an image, an amount, an approval's
        // confirmed amount…) hold whatever the deployment would accept.
        do {
            try input.validate()
        } catch {
            throw V4ClientError(error)
        }
        if knownAbsent.withLock({ $0.contains(endpoint.id) }) {
            // This deployment lacks it (learned from an answer or the probe): not asked again
            // until the next probe.
            throw .absent(endpoint: endpoint.id)
        }
        let wire = input.wire
        let targets = endpoint.upstreamTargets(for: wire)
        var index = 0
        var retriedRead = false
        while true {
            do {
                return try await send(endpoint, wire, target: targets[index], as: credentials)
            } catch .absent(let id) {
                // The documented path first; the same endpoint under 003's other prefix only when
                // the deployment lacks the first (a non-JSON 404: nothing was processed, so a
                // write may go on to the next path too).
                guard index + 1 < targets.count else {
                    knownAbsent.withLock { _ = $0.insert(id) }
                    throw .absent(endpoint: id)
                }
                index += 1
            } catch .interrupted(let reason) {
                // An idempotent read on a pooled connection the peer had closed: once more, after
                // a short jittered pause. A write is never sent twice.
                guard endpoint.method == .get, !retriedRead else { throw .interrupted(reason) }
                retriedRead = true
                try? await Task.sleep(for: .milliseconds(Int.random(in: 5...25)))
            }
        }
    }

    private func send<Input, Output>(
        _ endpoint: V4Endpoint<Input, Output>, _ wire: V4Input, target: V4Endpoint<Input, Output>.Target, as credentials: V4Credentials
    ) async throws(V4ClientError) -> Output {
        var outgoing = HTTPClientRequest(url: baseURL + target.path)
        var payload: ByteBuffer?
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: endpoint.method.rawValue)
        outgoing.headers.add(name: HTTPField.Name.requestID.rawName, value: credentials.requestID)
        if let client = credentials.clientAddress {
            outgoing.headers.add(name: HTTPField.Name.xForwardedFor.rawName, value: client)
        }
        outgoing.headers.add(name: "accept", value: "application/json")
        if let token = credentials.token { outgoing.headers.add(name: "authorization", value: "Bearer \(token)") }
        if !wire.files.isEmpty {
            // A multipart form: the files (under the field name this path documents), and the
            // body's values as text fields.
            var files = wire.files
            if let field = target.fileField, let (_, file) = files.first, files.count == 1 { files = [field: file] }
            var form = MultipartForm(files: files)
            for (key, value) in wire.body.entries { form.fields[key] = value.stringValue ?? value.serialized() }
            let (body, contentType) = form.encoded()
            outgoing.headers.add(name: "content-type", value: contentType)
            outgoing.body = .bytes(body)
        } else if endpoint.method == .post || endpoint.method == .put || endpoint.method == .patch {
            outgoing.headers.add(name: "content-type", value: "application/json")
            let bytes = ByteBuffer(bytes: JSONValue.object(wire.body).serializedBytes())
            outgoing.body = .bytes(bytes)
            payload = bytes
        }
        if let breaker, !breaker.admit() {
            observer?.upstreamCall(endpoint.id, status: nil, failure: .circuitOpen, seconds: 0)
            throw .circuitOpen
        }
        let status: Int
        let body: ByteBuffer
        let headers: HTTPHeaders
        let sentAt = ContinuousClock.now
        do {
            if let lean, wire.files.isEmpty {
                let response = try await lean.execute(
                    method: outgoing.method, path: target.path, headers: outgoing.headers, body: payload, timeout: timeout)
                (status, headers, body) = (response.status, response.headers, response.body)
            } else {
                let response = try await client.execute(outgoing, timeout: timeout)
                status = Int(response.status.code)
                headers = response.headers
                body = try await response.body.collect(upTo: Self.maxResponseBytes)
            }
        } catch {
            let failure = Self.classify(error)
            breaker?.record(fault: failure.isUpstreamFault)
            observer?.upstreamCall(endpoint.id, status: nil, failure: failure, seconds: sentAt.duration(to: .now).inSeconds)
            throw failure
        }
        do {
            let output = try Self.decode(body, status: status, headers: headers, endpoint: endpoint.id, as: Output.self)
            breaker?.record(fault: false)
            observer?.upstreamCall(endpoint.id, status: status, failure: nil, seconds: sentAt.duration(to: .now).inSeconds)
            return output
        } catch {
            // A proxy's own 502/503/504 page (no V4 envelope) says V4 behind it is down, as a
            // refused connection would; any V4 envelope, an error too, shows it alive.
            let proxyDown = (502...504).contains(status) && !Self.looksLikeJSON(body)
            breaker?.record(fault: proxyDown)
            observer?.upstreamCall(endpoint.id, status: status, failure: error, seconds: sentAt.duration(to: .now).inSeconds)
            throw error
        }
    }

    /// A client error as what it says about the call: never sent (the connection could not be
    /// made), sent without a whole answer, or out of time.
    static func classify(_ error: any Error) -> V4ClientError {
        if let error = error as? LeanHTTP1Client.Failure {
            switch error {
            case .connect(let reason): return .unavailable(reason)
            case .timedOut: return .timedOut
            case .closed(let reason): return .interrupted(reason)
            case .tooLarge: return .invalidResponse("the answer is longer than \(maxResponseBytes) bytes")
            }
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return .unavailable("connect timeout")
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .timedOut
            case .remoteConnectionClosed, .cancelled: return .interrupted(String(describing: error))
            default: return .interrupted(String(describing: error))
            }
        }
        if error is NIOConnectionError { return .unavailable(String(describing: error)) }
        if let io = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(io.errnoCode) {
            return .unavailable(String(describing: error))
        }
        return .interrupted(String(describing: error))
    }

    /// Reads either envelope variant in one pass: `data` as `Output` on success, `.rejected`
    /// with the code, message and details otherwise.
    public static func decode<Output: Decodable>(
        _ body: ByteBuffer, status: Int, headers: HTTPHeaders = [:], endpoint: String = "", as type: Output.Type
    ) throws(V4ClientError) -> Output {
        if !Self.looksLikeJSON(body) {
            // Not a V4 envelope: what stood in front of V4 (Express's router, a rate limiter, a proxy) answered.
            switch status {
            case 404: throw .absent(endpoint: endpoint)
            case 429: throw .rateLimited(retryAfter: Self.retryAfter(headers))
            default: throw .invalidResponse("HTTP \(status): body is not JSON (\(headers.first(name: "content-type") ?? "no content type"))")
            }
        }
        // BridgeKit's parser and a decoder over its values: Foundation's JSONDecoder was a tenth of
        // the bridge's CPU per proxied call (Docs/performance.md).
        guard let json = try? JSONValue.parse(body.readableBytesView), case .object = json else {
            throw .invalidResponse("HTTP \(status): body is not a JSON object")
        }
        var decoder = JSONValueDecoder()
        decoder.userInfo[V4Reply<Output>.statusKey] = status
        let reply: V4Reply<Output>
        do {
            reply = try decoder.decode(V4Reply<Output>.self, from: json)
        } catch {
            throw .invalidResponse("HTTP \(status): data does not match \(Output.self): \(error)")
        }
        switch reply {
        case .success(let output): return output
        case .failure(let code, let message, let data): throw .rejected(code: code, message: message, status: status, data: data)
        }
    }

    /// Whether the body starts, after white space, with `{`: a V4 envelope at least begins so.
    static func looksLikeJSON(_ body: ByteBuffer) -> Bool {
        for byte in body.readableBytesView {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "{"): return true
            default: return false
            }
        }
        return false
    }

    /// `Retry-After` in seconds, else express-rate-limit's `RateLimit-Reset` (seconds to the reset).
    static func retryAfter(_ headers: HTTPHeaders) -> Int? {
        for name in ["retry-after", "ratelimit-reset", "x-ratelimit-reset"] {
            if let value = headers.first(name: name).flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), value >= 0, value < 86_400 {
                return value
            }
        }
        return nil
    }

    /// A stored file of the core (`GET /files/<key>`), passed through with its status, type and
    /// caching headers; at most 16 MiB.
    public func file(_ path: String) async throws -> Response {
        guard path.hasPrefix("/files/"), !path.contains(".."), path.utf8.count <= 300 else { throw HTTPError(.notFound) }
        var outgoing = HTTPClientRequest(url: baseURL + path)
        outgoing.method = .GET
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(outgoing, timeout: timeout)
            body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        } catch {
            throw HTTPError(.badGateway)
        }
        guard response.status == .ok else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        for name in ["content-type", "cache-control", "x-content-type-options"] {
            if let value = response.headers.first(name: name), let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// Closes pooled connections; call once when the server stops.
    public func shutdown() async {
        lean?.shutdown()
        try? await client.shutdown()
    }
}

extension Duration {
    /// The duration in seconds, fractional.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
