import HTTPTypes
import NIOCore

/// One HTTP exchange with the V4 core, independent of how it travels.
public struct V4Request: Sendable {
    public var method: HTTPRequest.Method
    /// Path and query, e.g. `/api/v4/unified-engine/points/balance/1`.
    public var path: String
    public var headers: HTTPFields
    public var body: ByteBuffer?

    public init(method: HTTPRequest.Method, path: String, headers: HTTPFields = [:], body: ByteBuffer? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

public struct V4Response: Sendable {
    public var status: HTTPResponse.Status
    public var body: ByteBuffer

    public init(status: HTTPResponse.Status, body: ByteBuffer) {
        self.status = status
        self.body = body
    }
}

/// Why a V4 exchange produced no response.
public enum TransportError: Error, Sendable, Equatable {
    /// Connection refused, reset, DNS failure…
    case unavailable(String)
    case timedOut
}

/// How the translation layer reaches the V4 core: in-process or over HTTP. The translation
/// never touches a database; everything goes through here.
public protocol V4Transport: Sendable {
    func send(_ request: V4Request) async throws(TransportError) -> V4Response
}
