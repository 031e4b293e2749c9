import BridgeKit
import HTTPTypes

/// Every failure the V4 core reports, as both sides of the seam see it. The core's handlers
/// throw it; the core's envelope writer renders it over HTTP; the in-process transport hands
/// it to the bridge as it is.
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

    public var status: HTTPResponse.Status { code.status }

    /// For a rate-limit refusal: the seconds to wait (`data.retry_after`), sent as `Retry-After`.
    public var retryAfter: Int? { code == .rateLimitExceeded ? data?["retry_after"]?.intValue.map(Int.init) : nil }
}
