import AsyncHTTPClient
import HTTPTypes
import NIOCore
import NIOHTTP1
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Sends V4 calls to a real V4 deployment (`serve --core http://host:port`).
///
/// Each call has a deadline; connections are pooled per host. Nothing is retried here: a draw
/// or an exchange must never be sent twice.
public final class HTTPUpstreamTransport: V4Transport {
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
        configuration.decompression = .enabled(limit: .size(Self.maxResponseBytes))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ request: V4Request) async throws(TransportError) -> V4Response {
        var outgoing = HTTPClientRequest(url: baseURL + request.path)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers { outgoing.headers.add(name: field.name.rawName, value: field.value) }
        if let body = request.body {
            outgoing.body = .bytes(body)
            if outgoing.headers["content-type"].isEmpty { outgoing.headers.add(name: "content-type", value: "application/json") }
        }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: Self.maxResponseBytes)
            return V4Response(status: HTTPResponse.Status(code: Int(response.status.code)), body: body)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut
        } catch {
            throw .unavailable(String(describing: error))
        }
    }

    /// Closes pooled connections; call once when the server stops.
    public func shutdown() async {
        try? await client.shutdown()
    }
}
