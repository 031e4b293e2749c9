import BridgeKit

/// A legacy view: each key once, with how its value is read from the V4 value. The view's
/// answer (`make`) and the key list the mappings' shapes are checked against
/// (`TranslationRegistry.views`) both come from this one list.
struct LegacyViewFields<Source>: Sendable {
    typealias Value = @Sendable (Source) -> JSONValue
    let fields: [(name: String, value: Value)]

    init(_ fields: KeyValuePairs<String, Value>) {
        self.fields = fields.map { ($0.key, $0.value) }
    }

    var names: Set<String> { Set(fields.map(\.name)) }

    func make(_ source: Source) -> JSONObject {
        var view = JSONObject(minimumCapacity: fields.count)
        for field in fields { view[field.name] = field.value(source) }
        return view
    }
}
