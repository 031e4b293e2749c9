import BridgeKit

/// One field of an endpoint input: where it travels (path, query, body, files), its wire name,
/// and the one way it is read from a request and written into one. An input type lists its
/// fields once (`V4FieldInput.fields`); the core's reading and the HTTP transport's writing both
/// derive from that list, so the two cannot drift apart (`V4InputRoundTripTests` holds them).
public struct V4Field<Input>: Sendable {
    let read: @Sendable (V4Input, inout Input) throws(V4Error) -> Void
    let write: @Sendable (Input, inout V4Input) -> Void

    /// A field no constructor below describes (one body key read two ways, an object).
    public init(
        read: @escaping @Sendable (V4Input, inout Input) throws(V4Error) -> Void,
        write: @escaping @Sendable (Input, inout V4Input) -> Void
    ) {
        self.read = read
        self.write = write
    }
}

/// An input described by its fields, read and written in their order (the order decides which
/// bad field a request hears about first).
public protocol V4FieldInput: V4EndpointInput {
    /// The value reading starts from: each field's default; required fields are read or throw.
    init()
    static var fields: [V4Field<Self>] { get }
}

extension V4FieldInput {
    public init(from input: V4Input) throws(V4Error) {
        var value = Self()
        for field in Self.fields { try field.read(input, &value) }
        self = value
    }

    public func write(to input: inout V4Input) {
        for field in Self.fields { field.write(self, &input) }
    }
}

// MARK: Path parameters

extension V4Field {
    /// `:name`, a positive integer.
    public static func path(_ key: WritableKeyPath<Input, Int64> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = try input.pathInt(name) }
            write: { value, input in input.path[name] = String(value[keyPath: key]) }
    }

    /// `:name`, non-empty text of at most 100 characters.
    public static func path(_ key: WritableKeyPath<Input, String> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = try input.pathString(name) }
            write: { value, input in input.path[name] = value[keyPath: key] }
    }
}

// MARK: Query items

extension V4Field {
    /// `?page&limit`.
    public static func page(_ key: WritableKeyPath<Input, V4PageQuery> & Sendable) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = try input.pageQuery() }
            write: { value, input in
                input.query["page"] = String(value[keyPath: key].page)
                input.query["limit"] = String(value[keyPath: key].limit)
            }
    }

    /// `?name=text`; absent or empty is nil. `allMeansEvery`: `all` is no filter (nil);
    /// `lowercased`: the value is compared case-blind.
    public static func query(
        _ key: WritableKeyPath<Input, String?> & Sendable, _ name: String, allMeansEvery: Bool = false, lowercased: Bool = false
    ) -> Self {
        Self { (input, value) throws(V4Error) in
            var text = input.queryString(name)
            if allMeansEvery, text == "all" { text = nil }
            if lowercased { text = text?.lowercased() }
            value[keyPath: key] = text
        } write: { value, input in input.setQuery(name, value[keyPath: key]) }
    }

    /// `?name=text` with a default kept when the item is absent; always written.
    public static func query(_ key: WritableKeyPath<Input, String> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in
            if let text = input.queryString(name) { value[keyPath: key] = text }
        } write: { value, input in input.query[name] = value[keyPath: key] }
    }

    /// `?name=123`, any integer (ranges are the input's `validate()`).
    public static func query(_ key: WritableKeyPath<Input, Int?> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in
            guard let text = input.queryString(name) else { return value[keyPath: key] = nil }
            guard let number = Int(text) else { throw V4Error(.invalidParameter, "参数 \(name) 必须是整数") }
            value[keyPath: key] = number
        } write: { value, input in input.setQuery(name, value[keyPath: key].map(String.init)) }
    }

    /// `?name=123`, an id: a positive integer.
    public static func query(_ key: WritableKeyPath<Input, Int64?> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in
            guard let text = input.queryString(name) else { return value[keyPath: key] = nil }
            guard let id = Int64(text), id > 0 else { throw V4Error(.invalidParameter, "参数 \(name) 无效") }
            value[keyPath: key] = id
        } write: { value, input in input.setQuery(name, value[keyPath: key].map(String.init)) }
    }
}

// MARK: Body fields

extension V4Field {
    /// The `Authorization: Bearer` token when the fields before left the value nil; never written
    /// (the transport sends the caller's token itself).
    public static func bearerWhenAbsent(_ key: WritableKeyPath<Input, String?> & Sendable) -> Self {
        Self { (input, value) throws(V4Error) in
            if value[keyPath: key] == nil { value[keyPath: key] = input.bearerToken }
        } write: { _, _ in }
    }
}

extension V4Field {
    /// A text field; numbers are taken as their decimal text (clients send both).
    public static func body(_ key: WritableKeyPath<Input, String?> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = try input.string(name) }
            write: { value, input in input.setBody(name, value[keyPath: key]) }
    }

    /// A text field with a default kept when it is absent; always written.
    public static func body(_ key: WritableKeyPath<Input, String> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in
            if let text = try input.string(name) { value[keyPath: key] = text }
        } write: { value, input in input.body[name] = .string(value[keyPath: key]) }
    }

    /// A JSON boolean with a default kept when it is absent; always written.
    public static func body(_ key: WritableKeyPath<Input, Bool> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in
            switch input.body[name] {
            case nil, .null: return
            case .bool(let flag): value[keyPath: key] = flag
            default: throw V4Error(.invalidParameter, "参数 \(name) 必须是布尔值")
            }
        } write: { value, input in input.body[name] = .bool(value[keyPath: key]) }
    }

    /// An integer field; integral numbers and digit strings are accepted.
    public static func body(_ key: WritableKeyPath<Input, Int?> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = try input.int(name) }
            write: { value, input in input.setBody(name, value[keyPath: key]) }
    }

    /// An integer field with a default kept when it is absent; always written.
    public static func body(_ key: WritableKeyPath<Input, Int> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in
            if let number = try input.int(name) { value[keyPath: key] = number }
        } write: { value, input in input.body[name] = .int(Int64(value[keyPath: key])) }
    }

    /// An id field. `strict`: anything but an integer is `INVALID_PARAMETER`; otherwise it is
    /// taken as absent and the service reports what is missing.
    public static func body(_ key: WritableKeyPath<Input, Int64?> & Sendable, _ name: String, strict: Bool = true) -> Self {
        Self { (input, value) throws(V4Error) in
            value[keyPath: key] = strict ? try input.int(name).map(Int64.init) : input.body[name]?.intValue
        } write: { value, input in if let id = value[keyPath: key] { input.body[name] = .int(id) } }
    }

    /// A field taken as sent (an amount the service parses itself).
    public static func body(_ key: WritableKeyPath<Input, JSONValue?> & Sendable, _ name: String) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = input.body[name] }
            write: { value, input in if let json = value[keyPath: key] { input.body[name] = json } }
    }

    /// A multipart file, under the first of `names` the request has; written under the first.
    public static func file(_ key: WritableKeyPath<Input, V4UploadedFile?> & Sendable, _ names: [String]) -> Self {
        Self { (input, value) throws(V4Error) in value[keyPath: key] = names.lazy.compactMap { input.files[$0] }.first }
            write: { value, input in if let file = value[keyPath: key] { input.files[names[0]] = file } }
    }
}
