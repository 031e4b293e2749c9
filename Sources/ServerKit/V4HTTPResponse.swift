import Hummingbird
import V4Contract

/// The one place a V4 result becomes an HTTP response: the core's routes, its error
/// middleware, its health route and the bridge's fallback for unknown `/api/v4` paths all
/// come here, and the bytes come from the contract's `V4Envelope`.
public enum V4HTTPResponse {
    public static func success(
        code: String, message: String, data: some Encodable, requestID: String, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        render(ByteBuffer(bytes: try V4Envelope.success(code: code, message: message, data: data, requestID: requestID)), status: status)
    }

    /// Any error as a V4 envelope; unexpected ones are logged and answered as
    /// `INTERNAL_SERVER_ERROR` without their details.
    public static func failure(for error: any Error, context: AppRequestContext) -> Response {
        let v4 = v4Error(for: error)
        if v4.code == .internalServerError {
            context.logger.error("unhandled error: \(String(reflecting: error))")
        }
        var response = render(ByteBuffer(bytes: V4Envelope.failure(v4, requestID: context.requestID)), status: v4.status)
        if let seconds = v4.retryAfter { response.headers[.retryAfter] = String(seconds) }
        return response
    }

    /// What a V4 caller is told about `error`.
    public static func v4Error(for error: any Error) -> V4Error {
        switch error {
        case let error as V4Error: return error
        case let error as HTTPError:
            switch error.status {
            case .notFound, .methodNotAllowed: return V4Error(.notFound)
            case .contentTooLarge: return V4Error(.payloadTooLarge)
            default: return V4Error(.invalidRequest)
            }
        default: return V4Error(.internalServerError)
        }
    }

    static func render(_ body: ByteBuffer, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
