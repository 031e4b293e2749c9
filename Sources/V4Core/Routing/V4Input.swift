import BridgeKit
import Hummingbird

/// A V4 request's JSON body and query, with typed, validating accessors.
public struct V4Input: Sendable {
    public let body: JSONObject
    public let query: [String: String]

    static let maxBodySize = 1024 * 1024

    public static func read(_ request: Request, context: AppRequestContext) async throws -> V4Input {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        guard request.method == .post || request.method == .put || request.method == .patch else {
            return V4Input(body: JSONObject(), query: query)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodySize)
        } catch {
            throw V4Error(.payloadTooLarge)
        }
        if buffer.readableBytes == 0 { return V4Input(body: JSONObject(), query: query) }
        guard case .object(let object) = try? JSONValue.parse(buffer.readableBytesView) else {
            throw V4Error(.invalidRequest, "请求体必须是JSON对象")
        }
        return V4Input(body: object, query: query)
    }

    /// A string field; numbers are accepted as their decimal text (clients send both).
    public func string(_ key: String) throws -> String? {
        switch body[key] {
        case nil, .null: return nil
        case .string(let s): return s
        case .int(let i): return String(i)
        default: throw V4Error(.invalidParameter, "参数 \(key) 类型错误")
        }
    }

    /// An integer field; integral numbers and digit strings are accepted.
    public func int(_ key: String) throws -> Int? {
        switch body[key] {
        case nil, .null: return nil
        case let value? where value.intValue != nil:
            guard let number = value.intValue, let int = Int(exactly: number) else { break }
            return int
        case .string(let s)?: if let int = Int(s) { return int }
        default: break
        }
        throw V4Error(.invalidParameter, "参数 \(key) 必须是整数")
    }

    /// A positive integer from the query, with a default and an upper bound.
    public func queryInt(_ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query[key], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw V4Error(.invalidPagination, "参数 \(key) 必须在 \(range.lowerBound)-\(range.upperBound) 之间")
        }
        return number
    }
}
