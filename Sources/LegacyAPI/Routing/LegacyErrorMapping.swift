import Hummingbird
import Logging
import V4Contract

/// The one mapping from any failure on a legacy path to the legacy error a v2.1 client gets:
/// input failures, V4 rejections (with the route's overrides), upstream faults, router errors
/// (unknown path, wrong method, oversize body) and anything unexpected. The route adapter and
/// the fallback middleware both ask it; `LegacyEnvelope.failure` writes the answer.
struct LegacyErrorMapping: Sendable {
    let mappings: MappingSet
    /// The API family of an unrouted request (by its path); a route's own family otherwise.
    var family: FamilySpec? = nil

    func legacyError(for error: any Error, route: RouteSpec?, logger: Logger) -> LegacyError {
        let family = self.family ?? mappings.family(of: route)
        var legacy = legacyError(for: error, route: route, family: family, logger: logger)
        if let family, legacy.solution == nil { legacy.solution = family.solutions[legacy.code] }
        return legacy
    }

    private func legacyError(for error: any Error, route: RouteSpec?, family: FamilySpec?, logger: Logger) -> LegacyError {
        let where_ = route?.id ?? "unrouted request"
        switch error {
        case let error as LegacyError:
            return error
        case let error as InputFailure:
            var legacy = LegacyError(mappings.legacyError(forFailure: error.failure, route: route, field: error.field, family: family))
            if let field = error.field, family != nil {
                // E2 names the field as the client spelled it (`errors[{field, code, message}]`).
                legacy.fieldErrors = [.init(field: field.aliases.first ?? field.name, code: legacy.code, message: legacy.msg)]
            }
            return legacy
        case let error as V4ClientError:
            switch error {
            case .rejected(let code, let message, _, let data):
                let (spec, msg) = mappings.legacyError(forV4Code: code, v4Message: message, data: data, route: route, family: family)
                if spec == mappings.fallbackError || spec == family?.fallbackError {
                    // A V4 code no mapping names: say which, so the table can be completed.
                    logger.error("\(where_): V4 code \(code) has no legacy mapping (\(message))")
                }
                var legacy = LegacyError(spec, msg: msg, data: spec.data(from: data))
                legacy.retryAfter = data?["retry_after"]?.intValue.map(Int.init)
                return legacy
            case .timedOut:
                logger.warning("V4 core timed out on \(where_)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamTimeout, route: route, family: family))
            case .unavailable(let reason):
                logger.warning("V4 core unavailable on \(where_): \(reason)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamUnavailable, route: route, family: family))
            case .invalidResponse(let reason):
                logger.error("V4 core sent an unusable response on \(where_): \(reason)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamInvalid, route: route, family: family))
            case .interrupted(let reason):
                logger.warning("V4 core connection failed mid-call on \(where_): \(reason)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamUnavailable, route: route, family: family))
            case .absent(let endpoint):
                logger.notice("V4 deployment lacks \(endpoint), needed by \(where_)")
                return LegacyError(mappings.legacyError(forFailure: .upstreamAbsent, route: route, family: family))
            case .rateLimited(let retryAfter):
                var legacy = LegacyError(mappings.legacyError(forFailure: .upstreamRateLimited, route: route, family: family))
                legacy.retryAfter = retryAfter ?? 60
                return legacy
            case .circuitOpen:
                var legacy = LegacyError(mappings.legacyError(forFailure: .upstreamBusy, route: route, family: family))
                legacy.retryAfter = 5
                return legacy
            }
        case let error as WriteOutcomeUnknown:
            logger.error("\(where_): \(error.description)")
            return LegacyError(mappings.legacyError(forFailure: .outcomeUnknown, route: route, family: family))
        case let error as HTTPError where error.status == .notFound:
            return LegacyError(mappings.legacyError(forFailure: .notFound, route: route, family: family))
        case let error as HTTPError where error.status == .methodNotAllowed:
            return LegacyError(mappings.legacyError(forFailure: .methodNotAllowed, route: route, family: family))
        case let error as HTTPError where error.status == .contentTooLarge:
            return LegacyError(mappings.legacyError(forFailure: .bodyTooLarge, route: route, family: family))
        default:
            logger.error("\(where_) failed: \(String(reflecting: error))")
            return LegacyError(mappings.legacyError(forFailure: .internalError, route: route, family: family))
        }
    }
}
