import Hummingbird
import ServerKit
import V4Contract

/// Renders what no route handled (unknown path, wrong method, oversize body, anything thrown
/// outside a route adapter): a V4 envelope under `/api/v4`, a legacy envelope everywhere else.
/// A known path asked with another method is 405 with `Allow` (the router itself says 404).
struct FallbackErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let mappings: MappingSet
    let routes: SharedRouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var error = error
            var allow: [String] = []
            if let http = error as? HTTPError, http.status == .notFound {
                allow = routes.methods(for: request.uri.path)
                if !allow.isEmpty { error = HTTPError(.methodNotAllowed) }
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/v4") {
                response = V4HTTPResponse.failure(for: allow.isEmpty ? error : V4Error(.methodNotAllowed), context: context)
            } else {
                let family = mappings.family(of: nil, path: request.uri.path)
                let legacy = LegacyErrorMapping(mappings: mappings, family: family).legacyError(for: error, route: nil, logger: context.logger)
                response = LegacyEnvelope.failureAnswer(legacy, family: family, requestID: context.requestID).response
            }
            if !allow.isEmpty { response.headers[.allow] = allow.joined(separator: ", ") }
            return response
        }
    }
}
