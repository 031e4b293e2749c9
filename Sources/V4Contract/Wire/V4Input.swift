import BridgeKit

/// An endpoint's input as it crosses HTTP: path parameters, query, JSON body and the bearer
/// token. The core reads typed inputs from it with the validating accessors below; the HTTP
/// transport writes typed inputs into it. The in-process transport never builds one.
public struct V4Input: Sendable, Equatable {
    public var path: [String: String]
    public var query: [String: String]
    public var body: JSONObject
    /// Files of a multipart request, by field name (the form's text fields are in `body`).
    public var files: [String: V4UploadedFile] = [:]
    /// The `Authorization: Bearer` token ([A] sends the refresh token there).
    public var bearerToken: String?

    public init(path: [String: String] = [:], query: [String: String] = [:], body: JSONObject = JSONObject(), bearerToken: String? = nil) {
        self.path = path
        self.query = query
        self.body = body
        self.bearerToken = bearerToken
    }

    /// A string field; numbers are accepted as their decimal text (clients send both).
    public func string(_ key: String) throws(V4Error) -> String? {
        switch body[key] {
        case nil, .null: return nil
        case .string(let s): return s
        case .int(let i): return String(i)
        default: throw V4Error(.invalidParameter, "参数 \(key) 类型错误")
        }
    }

    /// An integer field; integral numbers and digit strings are accepted.
    public func int(_ key: String) throws(V4Error) -> Int? {
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
    public func queryInt(_ key: String, default value: Int, range: ClosedRange<Int>) throws(V4Error) -> Int {
        guard let text = query[key], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw V4Error(.invalidPagination, "参数 \(key) 必须在 \(range.lowerBound)-\(range.upperBound) 之间")
        }
        return number
    }

    /// A query value, nil when absent or empty.
    public func queryString(_ key: String) -> String? {
        query[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `page` (≥ 1, default 1) and `limit` (1…`maxLimit`); anything else is `INVALID_PAGINATION`.
    public func pageQuery(defaultLimit: Int = 20, maxLimit: Int = 100) throws(V4Error) -> V4PageQuery {
        V4PageQuery(
            page: try queryInt("page", default: 1, range: 1...100_000),
            limit: try queryInt("limit", default: defaultLimit, range: 1...maxLimit))
    }

    /// A positive integer path parameter (`:user_id`).
    public func pathInt(_ name: String) throws(V4Error) -> Int64 {
        guard let text = path[name], let value = Int64(text), value > 0 else {
            throw V4Error(.invalidParameter, "路径参数 \(name) 无效")
        }
        return value
    }

    /// A non-empty path parameter of at most 100 characters (`:campaignCode`).
    public func pathString(_ name: String) throws(V4Error) -> String {
        guard let text = path[name], !text.isEmpty, text.count <= 100 else {
            throw V4Error(.invalidParameter, "路径参数 \(name) 无效")
        }
        return text
    }
}
