import BridgeKit
import Hummingbird
import Logging
import ServerKit
import V4Contract
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The single handler behind every legacy route: authentication check, input validation per
/// Mappings, the named translation, and the mapping of every failure to a legacy error.
struct LegacyRouteAdapter: Sendable {
    let route: RouteSpec
    let translation: any LegacyTranslation
    let mappings: MappingSet
    let core: any V4Transport

    func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            let token = request.bearerToken
            if route.auth != .none, token == nil {
                throw mapped(route.auth == .refresh ? "REFRESH_TOKEN_REQUIRED" : "TOKEN_MISSING")
            }
            let input = try await LegacyInput.read(request, route: route)
            let call = LegacyCall(
                route: route, input: input, token: token, requestID: context.requestID, core: core, mappings: mappings, now: Date(),
                reads: type(of: translation).reads)
            let reply = try await translation.translate(call)
            return LegacyEnvelope.success(msg: reply.msg ?? route.message, data: reply.data)
        } catch {
            return LegacyEnvelope.failure(LegacyErrorMapping(mappings: mappings).legacyError(for: error, route: route, logger: context.logger))
        }
    }

    private func mapped(_ v4Code: String) -> LegacyError {
        LegacyError(mappings.legacyError(forV4Code: v4Code, route: route))
    }
}

extension Router where Context == AppRequestContext {
    /// Mounts every route of `mappings` (each under all its paths) with its named translation.
    func addLegacyRoutes(_ mappings: MappingSet, registry: TranslationRegistry, core: any V4Transport) {
        for route in mappings.routes {
            // The loader has checked every translation name against the registry.
            guard let translation = registry.translations[route.translation] else { continue }
            let adapter = LegacyRouteAdapter(route: route, translation: translation, mappings: mappings, core: core)
            for path in route.paths {
                on(RouterPath(path), method: route.method) { request, context in
                    try await adapter.respond(request, context: context)
                }
            }
        }
    }
}
