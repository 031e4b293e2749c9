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
    /// The token of an `Authorization: Bearer …` header, if any.
    public var bearerToken: String? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
