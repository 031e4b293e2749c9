/// Decodes `Decodable` values from an already parsed `JSONValue` (BridgeKit's `JSONParser`),
/// without Foundation's `JSONDecoder`: the bridge reads every V4 answer this way, and the
/// decoder was a tenth of its CPU per proxied request (Docs/performance.md).
///
/// Semantics follow `JSONDecoder` with its default strategies where the bridge's types rely on
/// them: numbers decode into any numeric type they fit exactly (an integral `1.0` into `Int`),
/// strings only into `String`, `null` is nil for `decodeIfPresent`/`decodeNil`, a missing key is
/// `keyNotFound`, a wrong type `typeMismatch` with its coding path. A `JSONValue` target takes the
/// value as it is.
public struct JSONValueDecoder {
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: [], userInfo: userInfo).decodeValue(T.self)
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    init(value: JSONValue, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.value = value
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.typeName)"))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "expected an array, found \(value.typeName)"))
        }
        return UnkeyedContainer(items: items, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func child(_ value: JSONValue, key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, codingPath: codingPath + [key], userInfo: userInfo)
    }

    // MARK: Scalars

    func mismatch<T>(_ type: T.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.typeName)"))
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self) }
        return flag
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self) }
        return text
    }

    func double() throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw mismatch(Double.self)
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .int(let number):
            guard let exact = T(exactly: number) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(number) does not fit \(T.self)"))
            }
            return exact
        case .double(let number):
            guard let exact = T(exactly: number) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(number) is not a \(T.self)"))
            }
            return exact
        default: throw mismatch(T.self)
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func value(_ key: Key) throws -> ValueDecoder {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for '\(key.stringValue)'"))
        }
        return decoder.child(value, key: key)
    }

    func notNull(_ key: Key, _ type: Any.Type) throws -> ValueDecoder {
        let child = try value(key)
        if child.value.isNull {
            throw DecodingError.valueNotFound(type, .init(codingPath: child.codingPath, debugDescription: "null for '\(key.stringValue)'"))
        }
        return child
    }

    // Scalars are read straight from the object: a child decoder (and its coding path) is made
    // only to report an error, not for each field (that was most of the decoder's time).

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let found = object[key.stringValue] else { return try value(key).value.isNull }
        return found.isNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        if case .bool(let flag)? = object[key.stringValue] { return flag }
        return try notNull(key, type).bool()
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        if case .string(let text)? = object[key.stringValue] { return text }
        return try notNull(key, type).string()
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        switch object[key.stringValue] {
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        default: return try notNull(key, type).double()
        }
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        if case .int(let number)? = object[key.stringValue], let exact = Int(exactly: number) { return exact }
        return try notNull(key, type).integer(type)
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try notNull(key, type).double()) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try notNull(key, type).integer(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try notNull(key, type).integer(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try notNull(key, type).integer(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        if case .int(let number)? = object[key.stringValue] { return number }
        return try notNull(key, type).integer(type)
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try notNull(key, type).integer(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try notNull(key, type).integer(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try notNull(key, type).integer(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try notNull(key, type).integer(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try notNull(key, type).integer(type) }

    /// One lookup: nil for a missing key or `null` (JSONDecoder's rule), else `decode`.
    private func present(_ key: Key) -> Bool {
        guard let value = object[key.stringValue] else { return false }
        return !value.isNull
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { present(key) ? try decode(type, forKey: key) : nil }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { present(key) ? try decode(type, forKey: key) : nil }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { present(key) ? try decode(type, forKey: key) : nil }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { present(key) ? try decode(type, forKey: key) : nil }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { present(key) ? try decode(type, forKey: key) : nil }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { present(key) ? try decode(type, forKey: key) : nil }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let child = try value(key)
        if child.value.isNull, T.self != JSONValue.self {
            // As JSONDecoder: `null` is no value, except for a type that decodes `null` itself
            // (an Optional inside a generic, `JSONValue`).
            if let nullable = T.self as? any ExpressibleByNilLiteral.Type, let none = nullable.init(nilLiteral: ()) as? T { return none }
            throw DecodingError.valueNotFound(type, .init(codingPath: child.codingPath, debugDescription: "null for '\(key.stringValue)'"))
        }
        return try child.decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try value(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try value(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { decoder.child(object[JSONCodingKey.super.stringValue] ?? .null, key: JSONCodingKey.super) }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(object[key.stringValue] ?? .null, key: key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let decoder: ValueDecoder
    var currentIndex = 0

    init(items: [JSONValue], decoder: ValueDecoder) {
        self.items = items
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next(_ type: Any.Type) throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "the array has no more values"))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: JSONCodingKey(index: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if items[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let child = try next(type)
        if child.value.isNull, T.self != JSONValue.self {
            if let nullable = T.self as? any ExpressibleByNilLiteral.Type, let none = nullable.init(nilLiteral: ()) as? T { return none }
            throw DecodingError.valueNotFound(type, .init(codingPath: child.codingPath, debugDescription: "null in an array"))
        }
        return try child.decodeValue(T.self)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next(type).string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type).double() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type).integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).integer(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next([String: Any].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next([Any].self).unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
}

private struct JSONCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
    init(index: Int) { self.init(intValue: index) }

    static let `super` = JSONCodingKey(stringValue: "super")
}
