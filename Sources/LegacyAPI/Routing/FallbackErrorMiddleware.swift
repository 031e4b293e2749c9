import Hummingbird
import ServerKit
import V4Contract

/// Renders what no route handled (unknown path, wrong method, oversize body, anything thrown
/// outside a route adapter): a V4 envelope under `/api/v4`, a legacy envelope everywhere else.
struct FallbackErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let mappings: MappingSet

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if request.uri.path.hasPrefix("/api/v4") {
                return V4HTTPResponse.failure(for: error, context: context)
            }
            return LegacyEnvelope.failure(LegacyErrorMapping(mappings: mappings).legacyError(for: error, route: nil, logger: context.logger))
        }
    }
}
