import BridgeKit
import Hummingbird

/// The one place that writes the legacy envelope `{code, msg, message, data}`.
///
/// `message` mirrors `msg` because the v2.1 request wrapper toasts `res.data.message` on errors
/// while the E1 docs only show `msg` (legacy inventory §1.1).
public enum LegacyEnvelope {
    public static func success(msg: String, data: JSONValue) -> Response {
        successAnswer(msg: msg, data: data).response
    }

    public static func failure(_ error: LegacyError) -> Response {
        failureAnswer(error).response
    }

    public static func successAnswer(msg: String, data: JSONValue) -> LegacyAnswer {
        render(code: 0, msg: msg, data: data, status: .ok)
    }

    public static func failureAnswer(_ error: LegacyError) -> LegacyAnswer {
        var answer = render(code: error.code, msg: error.msg, data: error.data, status: error.status)
        if let seconds = error.retryAfter { answer.headers[.retryAfter] = String(seconds) }
        return answer
    }

    static func render(code: Int, msg: String, data: JSONValue, status: HTTPResponse.Status) -> LegacyAnswer {
        let body: JSONValue = ["code": .int(Int64(code)), "msg": .string(msg), "message": .string(msg), "data": data]
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return LegacyAnswer(status: status, headers: headers, body: ByteBuffer(bytes: body.serializedBytes()))
    }
}

/// A legacy answer as bytes: what is sent, and what `ReplayStore` keeps for a repeat.
@PublicInit
public struct LegacyAnswer: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: ByteBuffer

    public var response: Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// A legacy error response. Everything that fails on a legacy route ends as one of these.
public struct LegacyError: Error, Sendable, Equatable {
    public var code: Int
    public var msg: String
    public var status: HTTPResponse.Status
    public var data: JSONValue
    /// Seconds a rate-limited client should wait (sent as `Retry-After`).
    public var retryAfter: Int? = nil

    public init(code: Int, msg: String, status: HTTPResponse.Status, data: JSONValue = .null) {
        self.code = code
        self.msg = msg
        self.status = status
        self.data = data
    }

    public init(_ spec: LegacyErrorSpec, msg: String? = nil, data: JSONValue = .null) {
        self.init(code: spec.code, msg: msg ?? spec.msg, status: HTTPResponse.Status(code: spec.status), data: data)
    }
}
