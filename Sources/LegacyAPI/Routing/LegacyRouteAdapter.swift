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
            let input: LegacyInput
            do {
                input = try await LegacyInput.read(request, route: route)
            } catch {
                throw LegacyError(mappings.legacyError(forFailure: error.failure, route: route, field: error.field))
            }
            let call = LegacyCall(
                route: route, input: input, token: token, requestID: context.requestID, core: core, mappings: mappings, now: Date())
            let reply = try await translation.translate(call)
            return LegacyEnvelope.success(msg: reply.msg ?? route.message, data: reply.data)
        } catch {
            return LegacyEnvelope.failure(legacyError(for: error, context: context))
        }
    }

    private func mapped(_ v4Code: String) -> LegacyError {
        LegacyError(mappings.legacyError(forV4Code: v4Code, route: route))
    }

    /// The one mapping from any failure to the legacy error a v2.1 client gets.
    func legacyError(for error: any Error, context: AppRequestContext) -> LegacyError {
        switch error {
        case let error as LegacyError:
            return error
        case let error as V4ClientError:
            switch error {
            case .rejected(let code, let message, _, let data):
                let (spec, msg) = mappings.legacyError(forV4Code: code, v4Message: message, data: data, route: route)
                return LegacyError(spec, msg: msg)
            case .timedOut:
                context.logger.warning("V4 core timed out on \(route.id)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamTimeout, route: route))
            case .unavailable(let reason):
                context.logger.warning("V4 core unavailable on \(route.id): \(reason)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamUnavailable, route: route))
            case .invalidResponse(let reason):
                context.logger.error("V4 core sent an unusable response on \(route.id): \(reason)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamInvalid, route: route))
            }
        default:
            context.logger.error("legacy route \(route.id) failed: \(String(reflecting: error))")
            return LegacyError(mappings.legacyError(forFailure: .internalError, route: route))
        }
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
