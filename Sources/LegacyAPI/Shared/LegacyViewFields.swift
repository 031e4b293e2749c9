import BridgeKit

/// A legacy view: each key once, with how its value is read from the V4 value. The view's
/// answer (`make`) and the key list the mappings' shapes are checked against
/// (`TranslationRegistry.views`) both come from this one list.
struct LegacyViewFields<Source>: Sendable {
    typealias Value = @Sendable (Source) -> JSONValue
    let fields: [(name: String, value: Value)]
    private let byName: [String: Value]

    init(_ fields: KeyValuePairs<String, Value>) {
        self.fields = fields.map { ($0.key, $0.value) }
        self.byName = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    var names: Set<String> { Set(fields.map(\.name)) }

    /// The view of `source`. Its fields are computed when read: a shape picks a few of a view's
    /// fields (`user_status` 6 of the user view's 19), and only those are worked out.
    func make(_ source: Source) -> LegacyView<Source> { LegacyView(fields: self, source: source) }

    func value(_ name: String, of source: Source) -> JSONValue? { byName[name].map { $0(source) } }
}

/// One value's legacy view (`LegacyViewFields.make`): its fields worked out on reading, plus
/// any a translation sets (`level` of the user info). A set field replaces the computed one;
/// setting nil removes only what was set.
struct LegacyView<Source> {
    let fields: LegacyViewFields<Source>
    let source: Source
    private var set = JSONObject()

    init(fields: LegacyViewFields<Source>, source: Source) {
        self.fields = fields
        self.source = source
    }

    subscript(name: String) -> JSONValue? {
        get { set[name] ?? fields.value(name, of: source) }
        set { set[name] = newValue }
    }

    /// Every field in the view's order, then those set that it lacks.
    var object: JSONObject {
        var object = JSONObject(minimumCapacity: fields.fields.count + set.count)
        for field in fields.fields { object[field.name] = set[field.name] ?? field.value(source) }
        for (name, value) in set.entries where object[name] == nil { object[name] = value }
        return object
    }
}
