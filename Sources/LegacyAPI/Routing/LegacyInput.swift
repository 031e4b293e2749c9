import BridgeKit
import Crypto
import Hummingbird
import ServerKit
import V4Contract

/// A legacy request's fields under their canonical names, validated against the route's
/// `fields:` in Mappings (aliases resolved, types checked).
public struct LegacyInput: Sendable {
    public var values: [String: JSONValue]
    /// What the client sent for fields with a `values:` table, before mapping (`five`).
    public var originals: [String: JSONValue] = [:]
    /// Files of a multipart request, under their fields' canonical names.
    public var files: [String: V4UploadedFile] = [:]
    /// The query and body keys the client sent, as it spelled them (profile selection reads
    /// them: D0 logs in with `mobile`, D1-B with `phone`).
    public var sentKeys: Set<String> = []

    public func original(_ name: String) -> String? { originals[name]?.stringValue }

    public func string(_ name: String) -> String? { values[name]?.stringValue }
    public func int(_ name: String) -> Int64? { values[name]?.intValue }
    public func file(_ name: String) -> V4UploadedFile? { files[name] }
    public subscript(name: String) -> JSONValue? { values[name] }
}

/// A field that failed validation, and how.
public struct InputFailure: Error, Sendable {
    public var failure: BridgeFailure
    public var field: FieldSpec?
}

extension LegacyInput {
    /// Reads the path parameters, the query, and the JSON or multipart body (POST/PUT), then
    /// applies the route's field specs. Bodies are read up to the route's `body_limit`.
    static func read(_ request: Request, route: RouteSpec, pathParameters: [String: String] = [:]) async throws(InputFailure)
        -> LegacyInput
    {
        var source = JSONObject()
        for (key, value) in request.uri.queryParameters { source[String(key)] = .string(String(value)) }
        for (key, value) in pathParameters { source[key] = .string(value) }
        var uploads: [String: V4UploadedFile] = [:]
        let fromQuery = request.method == .get || request.method == .head
        if !fromQuery, MultipartForm.boundary(ofContentType: request.headers[.contentType]) != nil {
            do {
                let form = try await MultipartForm.read(request, limit: route.bodyLimit)
                for (key, value) in form.fields { source[key] = .string(value) }
                uploads = form.files
            } catch .tooLarge {
                throw InputFailure(failure: .bodyTooLarge)
            } catch {
                throw InputFailure(failure: .malformedJSON)
            }
        } else if !fromQuery {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: route.bodyLimit)
            } catch {
                throw InputFailure(failure: .bodyTooLarge)
            }
            if buffer.readableBytes > 0 {
                let parsed: JSONValue
                do {
                    parsed = try JSONValue.parse(buffer.readableBytesView)
                } catch {
                    throw InputFailure(failure: .malformedJSON)
                }
                guard case .object(let object) = parsed else { throw InputFailure(failure: .notAnObject) }
                for (key, value) in object.entries { source[key] = value }
            }
        }
        var input = LegacyInput(values: [:])
        input.sentKeys = Set(source.keys.filter { pathParameters[$0] == nil }).union(uploads.keys)
        for field in route.fields where field.type == .file {
            if field.staged {
                // The staged file's URL; the adapter exchanges it for the caller's file.
                guard let url = field.aliases.lazy.compactMap({ source[$0]?.stringValue }).first(where: { !$0.isEmpty }) else {
                    if field.required { throw InputFailure(failure: .missingField, field: field) }
                    continue
                }
                guard url.utf8.count <= 500 else { throw InputFailure(failure: .fieldTooLong, field: field) }
                input.values[field.name] = .string(url)
                continue
            }
            if let file = field.aliases.lazy.compactMap({ uploads[$0] }).first(where: { !$0.bytes.isEmpty }) {
                input.files[field.name] = file
            } else if field.required {
                throw InputFailure(failure: .missingField, field: field)
            }
        }
        for field in route.fields where field.type != .file {
            var raw = field.aliases.lazy.compactMap { source[$0] }.first { !$0.isNull && $0 != .string("") } ?? field.defaultValue
            if let prefix = field.stripPrefix, case .string(let text)? = raw, text.hasPrefix(prefix) {
                raw = .string(String(text.dropFirst(prefix.count)))
            }
            guard let raw else {
                if field.required { throw InputFailure(failure: .missingField, field: field) }
                continue
            }
            guard var value = coerce(raw, to: field.type, fromQuery: fromQuery) else {
                throw InputFailure(failure: .wrongType, field: field)
            }
            if let max = field.maxLength, let text = value.stringValue, text.count > max {
                throw InputFailure(failure: .fieldTooLong, field: field)
            }
            if let number = value.intValue, field.min != nil || field.max != nil {
                let low = field.min ?? .min, high = field.max ?? .max
                if !(low...high).contains(number) {
                    guard field.clamp else { throw InputFailure(failure: .invalidValue, field: field) }
                    value = .int(Swift.min(Swift.max(number, low), high))
                }
            }
            if let table = field.values {
                let key = value.stringValue ?? value.serialized()
                guard let mapped = table[key] else { throw InputFailure(failure: .invalidValue, field: field) }
                input.originals[field.name] = value
                value = mapped
            }
            input.values[field.name] = value
        }
        return input
    }

    /// JS clients send numbers as strings and the other way round; query values are always text.
    static func coerce(_ value: JSONValue, to type: FieldSpec.FieldType, fromQuery: Bool) -> JSONValue? {
        switch (type, value) {
        case (.string, .string): return value
        case (.string, .int(let i)): return .string(String(i))
        case (.integer, .int): return value
        case (.integer, .double(let d)) where d.rounded() == d && abs(d) < 9e15: return .int(Int64(d))
        case (.integer, .string(let s)): return Int64(s).map { .int($0) }
        case (.number, .int), (.number, .double): return value
        case (.number, .string(let s)): return Double(s).flatMap { $0.isFinite ? .double($0) : nil }
        case (.boolean, .bool): return value
        case (.boolean, .string(let s)) where fromQuery || s == "true" || s == "false":
            return s == "true" || s == "1" ? .bool(true) : (s == "false" || s == "0" ? .bool(false) : nil)
        case (.object, .object): return value
        case (.array, .array): return value
        default: return nil
        }
    }
}

extension LegacyInput {
    /// The input as canonical bytes (fields sorted by name, files by content hash): equal for
    /// two requests that say the same thing, whatever their key order or spelling.
    var canonicalBytes: [UInt8] {
        var object = JSONObject()
        for key in values.keys.sorted() { object[key] = values[key] }
        for key in files.keys.sorted() {
            guard let file = files[key] else { continue }
            object["file:" + key] = .string(SHA256.hash(data: file.bytes).map { String($0, radix: 16) }.joined())
        }
        return JSONValue.object(object).serializedBytes()
    }
}
