import BridgeKit

/// The V4 envelope: `{success, code, message, data, version, timestamp, request_id}`; errors
/// also carry `error`. The one writer of its bytes (the core's responses and the bridge's V4
/// fallback both call it) and the one reader of an answer (the HTTP transport).
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

    /// A success envelope's bytes.
    public static func success(code: String, message: String, data: some Encodable, requestID: String) throws -> Data {
        try encoder.encode(
            Body(
                success: true, code: code, error: nil, message: message, data: data, version: version,
                timestamp: Timestamp.beijing(Date()), requestID: requestID))
    }

    /// An error envelope's bytes.
    public static func failure(_ error: V4Error, requestID: String) -> Data {
        let body = Body(
            success: false, code: error.code.rawValue, error: error.code.rawValue, message: error.message,
            data: error.data ?? .null, version: version, timestamp: Timestamp.beijing(Date()), requestID: requestID)
        // Encoding strings and a JSONValue cannot fail.
        return (try? encoder.encode(body)) ?? Data()
    }

    /// Sorted keys: the V4 output is byte-stable for the same data.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// A V4 answer read in one pass: `data` as the endpoint's `Output` on success; on failure the
/// code (from `error` in [B], `code` in [A]), the message and `data` as plain JSON.
public enum V4Reply<Output: Decodable>: Decodable {
    case success(Output)
    case failure(code: String, message: String, data: JSONValue?)

    /// The HTTP status, for an envelope that has no `success` field.
    public static var statusKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "v4.http-status")! }

    enum Keys: String, CodingKey { case success, code, error, message, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let status = decoder.userInfo[Self.statusKey] as? Int ?? 200
        let succeeded = try container.decodeIfPresent(Bool.self, forKey: .success) ?? (200..<300).contains(status)
        if succeeded {
            self = .success(try container.decode(Output.self, forKey: .data))
            return
        }
        let data = try container.decodeIfPresent(JSONValue.self, forKey: .data)
        func text(_ key: Keys) -> String? { (try? container.decodeIfPresent(String.self, forKey: key)) ?? nil }
        // [A] keeps details in data.error; the user-facing text is message in both.
        self = .failure(
            code: text(.error) ?? text(.code) ?? "UNKNOWN_ERROR", message: text(.message) ?? data?["error"]?.stringValue ?? "",
            data: data)
    }
}
