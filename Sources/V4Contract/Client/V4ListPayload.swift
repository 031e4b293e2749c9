/// A V4 list that [B] sends as a bare array in `data` but, in other passages, wrapped as
/// `{"<key>": [...]}` (e.g. `{"prizes": [...]}`, [A]'s `{"campaigns": [...]}`). Decodes either.
public struct V4ListPayload<Element: Codable & Sendable>: Codable, Sendable {
    public var items: [Element]

    public init(_ items: [Element]) { self.items = items }

    /// Written as [B]'s bare array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(items)
    }

    public init(from decoder: any Decoder) throws {
        if let array = try? [Element](from: decoder) {
            items = array
            return
        }
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys {
            if let array = try? container.decode([Element].self, forKey: key) {
                items = array
                return
            }
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "neither a list nor a wrapped list"))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
