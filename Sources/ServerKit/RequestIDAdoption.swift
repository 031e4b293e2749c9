import Hummingbird
import V4Contract

/// Takes the caller's `X-Request-Id` when it is acceptable, so the bridge answers and logs under
/// the client's id and forwards the same id to V4: one id names every hop. Installed first,
/// before the request log, on both the bridge's and the core's routers.
public struct RequestIDAdoptionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let id = request.headers[.requestID], RequestIdentifier.isAcceptable(id) {
            context.adoptRequestID(id)
        }
        return try await next(request, context)
    }
}

extension Request {
    /// The token of an `Authorization: Bearer …` header, if any (scheme in any case, spaces and
    /// tabs around the token ignored). Read byte by byte: every authenticated request asks.
    public var bearerToken: String? {
        guard let header = headers[.authorization] else { return nil }
        let bytes = Array(header.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 { start += 1 }
        let scheme = Array("bearer".utf8)
        guard bytes.count > start + scheme.count, bytes[start + scheme.count] == 0x20 else { return nil }
        for (offset, expected) in scheme.enumerated() where bytes[start + offset] | 0x20 != expected { return nil }
        var from = start + scheme.count
        var to = bytes.count
        while from < to, isSpace(bytes[from]) { from += 1 }
        while to > from, isSpace(bytes[to - 1]) { to -= 1 }
        return from < to ? String(decoding: bytes[from..<to], as: UTF8.self) : nil
    }
}
