import AsyncHTTPClient
import BridgeKit
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import ServerKit
import V4Contract
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
    static let maxResponseBytes = 8 * 1024 * 1024

    public init(baseURL: String, timeout: TimeAmount = .seconds(10), maxConnections: Int = 64) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(3), read: timeout)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnections)
        configuration.redirectConfiguration = .disallow
        // No `accept-encoding` is sent, so nothing arrives compressed: no decompressor in the pipeline.
        configuration.decompression = .disabled
        // No tracer: the V4 hop is followed by its request id. With the default (no-op) tracer the
        // client still built a span and its attributes for every call, ~5 % of the bridge's CPU.
        configuration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, as credentials: V4Credentials)
        async throws(V4ClientError) -> Output
    {
        let wire = input.wire
        var outgoing = HTTPClientRequest(url: baseURL + endpoint.target(for: wire))
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: endpoint.method.rawValue)
        outgoing.headers.add(name: HTTPField.Name.requestID.rawName, value: credentials.requestID)
        if let client = credentials.clientAddress {
            outgoing.headers.add(name: HTTPField.Name.xForwardedFor.rawName, value: client)
        }
        outgoing.headers.add(name: "accept", value: "application/json")
        if let token = credentials.token { outgoing.headers.add(name: "authorization", value: "Bearer \(token)") }
        if !wire.files.isEmpty {
            // A multipart form: the files, and the body's values as text fields.
            var form = MultipartForm(files: wire.files)
            for (key, value) in wire.body.entries { form.fields[key] = value.stringValue ?? value.serialized() }
            let (body, contentType) = form.encoded()
            outgoing.headers.add(name: "content-type", value: contentType)
            outgoing.body = .bytes(body)
        } else if endpoint.method == .post || endpoint.method == .put || endpoint.method == .patch {
            outgoing.headers.add(name: "content-type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(bytes: JSONValue.object(wire.body).serializedBytes()))
        }
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut
        } catch {
            throw .unavailable(String(describing: error))
        }
        return try Self.decode(body, status: status, as: Output.self)
    }

    /// Reads either envelope variant in one pass: `data` as `Output` on success, `.rejected`
    /// with the code, message and details otherwise.
    public static func decode<Output: Decodable>(_ body: ByteBuffer, status: Int, as type: Output.Type) throws(V4ClientError)
        -> Output
    {
        let decoder = JSONDecoder()
        decoder.userInfo[V4Reply<Output>.statusKey] = status
        let reply: V4Reply<Output>
        do {
            reply = try decoder.decode(V4Reply<Output>.self, from: Data(body.readableBytesView))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw .invalidResponse("HTTP \(status): body is not a JSON object")
        } catch {
            throw .invalidResponse("HTTP \(status): data does not match \(Output.self): \(error)")
        }
        switch reply {
        case .success(let output): return output
        case .failure(let code, let message, let data): throw .rejected(code: code, message: message, status: status, data: data)
        }
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
        try? await client.shutdown()
    }
}
