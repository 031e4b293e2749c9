import BridgeKit
import Hummingbird
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one place that writes the V4 envelope:
/// `{success, code, message, data, version, timestamp, request_id}`; errors also carry `error`.
public enum V4Envelope {
    public static let version = "v4.0"

    struct Body<Payload: Encodable>: Encodable {
        var success: Bool
        var code: String
        var error: String?
        var message: String
        var data: Payload
        var version: String
        var timestamp: String
        var requestID: String

        enum CodingKeys: String, CodingKey {
            case success, code, error, message, data, version, timestamp
            case requestID = "request_id"
        }
    }

    public static func success(
        code: String, message: String, data: some Encodable, requestID: String, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let body = Body(
            success: true, code: code, error: nil, message: message, data: data, version: version,
            timestamp: Timestamp.beijing(Date()), requestID: requestID)
        return render(try encoder.encode(body), status: status)
    }

    public static func failure(_ error: V4Error, requestID: String) -> Response {
        let body = Body(
            success: false, code: error.code.rawValue, error: error.code.rawValue, message: error.message,
            data: error.data ?? .null, version: version, timestamp: Timestamp.beijing(Date()), requestID: requestID)
        // Encoding strings and a JSONValue cannot fail.
        return render((try? encoder.encode(body)) ?? Data(), status: error.status)
    }

    /// Sorted keys: the V4 output is byte-stable for the same data.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func render(_ bytes: Data, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
