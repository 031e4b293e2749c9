import BridgeKit
import Hummingbird

/// Every failure the V4 core reports. Handlers throw it; `V4Envelope` renders it, nowhere else.
public struct V4Error: Error, Sendable, Equatable {
    public var code: V4ErrorCode
    public var message: String
    /// Optional context, e.g. `{"required_points": 500, "current_points": 200}`.
    public var data: JSONValue?

    public init(_ code: V4ErrorCode, _ message: String? = nil, data: JSONValue? = nil) {
        self.code = code
        self.message = message ?? code.defaultMessage
        self.data = data
    }
}

extension V4Error: HTTPResponseError {
    public var status: HTTPResponse.Status { code.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let requestID = (context as? AppRequestContext)?.requestID ?? RequestIdentifier.make()
        return V4Envelope.failure(self, requestID: requestID)
    }
}
