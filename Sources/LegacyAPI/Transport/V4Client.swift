import BridgeKit
import HTTPTypes
import NIOCore
import V4Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What can go wrong calling V4, as the translation layer sees it.
public enum V4ClientError: Error, Sendable, Equatable {
    /// V4 answered with an error envelope.
    case rejected(code: String, message: String, status: Int, data: JSONValue?)
    case unavailable(String)
    case timedOut
    /// V4 answered something that is not a usable envelope.
    case invalidResponse(String)
}

/// Typed V4 calls over any transport. Accepts both V4 envelope variants: [A] with the error
/// code in `code`, [B] with it in `error` (and sometimes `code` too).
public struct V4Client: Sendable {
    public let transport: any V4Transport
    public let basePath: String

    public init(transport: any V4Transport, basePath: String = V4Engine.basePath) {
        self.transport = transport
        self.basePath = basePath
    }

    /// Calls `path` (relative to the unified-engine base) and decodes `data` as `T`.
    public func call<T: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, as type: T.Type = T.self, token: String? = nil,
        body: JSONValue? = nil, requestID: String
    ) async throws(V4ClientError) -> T {
        var headers = HTTPFields()
        headers[.requestID] = requestID
        headers[.accept] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(string: body.serialized())
        }
        let response: V4Response
        do {
            response = try await transport.send(V4Request(method: method, path: basePath + path, headers: headers, body: buffer))
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .unavailable(let reason): throw .unavailable(reason)
            }
        }
        return try Self.decode(response, as: T.self)
    }

    /// Decodes either envelope variant; `data` as `T` on success, `.rejected` otherwise.
    public static func decode<T: Decodable>(_ response: V4Response, as type: T.Type) throws(V4ClientError) -> T {
        let bytes = Array(response.body.readableBytesView)
        guard case .object(let envelope)? = try? JSONValue.parse(bytes) else {
            throw .invalidResponse("HTTP \(response.status.code): body is not a JSON object")
        }
        let succeeded = envelope["success"]?.boolValue ?? (200..<300).contains(response.status.code)
        guard succeeded else {
            let code = envelope["error"]?.stringValue ?? envelope["code"]?.stringValue ?? "UNKNOWN_ERROR"
            // [A] keeps details in data.error; the user-facing text is message in both.
            let message = envelope["message"]?.stringValue ?? envelope["data"]?["error"]?.stringValue ?? ""
            throw .rejected(code: code, message: message, status: response.status.code, data: envelope["data"])
        }
        do {
            return try JSONDecoder().decode(DataBox<T>.self, from: Data(bytes)).data
        } catch {
            throw .invalidResponse("data does not match \(T.self): \(error)")
        }
    }

    struct DataBox<T: Decodable>: Decodable { var data: T }
}
