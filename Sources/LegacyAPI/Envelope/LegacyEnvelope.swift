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

    /// A success in the family's envelope (E1 without a family).
    public static func successAnswer(msg: String, data: JSONValue, family: FamilySpec?, requestID: String) -> LegacyAnswer {
        guard let family, family.envelope == .e2 else { return successAnswer(msg: msg, data: data) }
        return renderE2(code: 0, message: msg, data: data, status: .ok, requestID: requestID)
    }

    /// A failure in the family's envelope: E2 adds `errors[]` and `solution` when it has them.
    public static func failureAnswer(_ error: LegacyError, family: FamilySpec?, requestID: String) -> LegacyAnswer {
        guard let family, family.envelope == .e2 else { return failureAnswer(error) }
        var extra = JSONObject()
        if !error.fieldErrors.isEmpty {
            extra["errors"] = .array(error.fieldErrors.map {
                ["field": .string($0.field), "code": .int(Int64($0.code)), "message": .string($0.message)]
            })
        }
        if let solution = error.solution { extra["solution"] = .string(solution) }
        var answer = renderE2(code: error.code, message: error.msg, data: error.data, status: error.status, requestID: requestID, extra: extra)
        if let seconds = error.retryAfter { answer.headers[.retryAfter] = String(seconds) }
        return answer
    }

    /// E2 (legacy inventory §1.1): `{code, message, data, timestamp (epoch ms), requestId (req_…)}`.
    static func renderE2(
        code: Int, message: String, data: JSONValue, status: HTTPResponse.Status, requestID: String, extra: JSONObject = [:]
    ) -> LegacyAnswer {
        var body: JSONObject = [
            "code": .int(Int64(code)), "message": .string(message), "data": data,
            "timestamp": .int(Int64((Date().timeIntervalSince1970 * 1000).rounded())),
            "requestId": .string(requestID.hasPrefix("req_") ? requestID : "req_" + requestID),
        ]
        for key in extra.keys { body[key] = extra[key] }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return LegacyAnswer(status: status, headers: headers, body: ByteBuffer(bytes: JSONValue.object(body).serializedBytes()))
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
    /// E2 (a family's envelope): the fields at fault, as `errors[]`.
    public var fieldErrors: [FieldError] = []
    /// E2: what the user can do (`solution`, D1-V1 §4.2).
    public var solution: String? = nil

    public struct FieldError: Sendable, Equatable {
        public var field: String
        public var code: Int
        public var message: String
    }

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
