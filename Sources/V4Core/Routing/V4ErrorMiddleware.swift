import V4Contract
import Hummingbird
import ServerKit

/// Turns anything a V4 route throws into a V4 envelope, so no V4 caller ever sees a bare 500.
public struct V4ErrorMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return V4HTTPResponse.failure(for: error, context: context)
        }
    }
}
