import Hummingbird
import Logging

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
            return V4ErrorMiddleware.envelope(for: error, context: context)
        }
    }

    public static func v4Error(for error: any Error) -> V4Error {
        switch error {
        case let error as V4Error: return error
        case let error as HTTPError:
            switch error.status {
            case .notFound: return V4Error(.notFound)
            case .contentTooLarge: return V4Error(.payloadTooLarge)
            case .methodNotAllowed: return V4Error(.notFound)
            default: return V4Error(.invalidRequest)
            }
        default: return V4Error(.internalServerError)
        }
    }

    public static func envelope(for error: any Error, context: Context) -> Response {
        let v4 = v4Error(for: error)
        if v4.code == .internalServerError {
            context.logger.error("unhandled error: \(String(reflecting: error))")
        }
        return V4Envelope.failure(v4, requestID: context.requestID)
    }
}
