/// What a translation reads from its route's mapping: the Swift half of the Swift ↔ YAML
/// contract. Start-up checks it against Mappings both ways (`MappingLoader.checkReads`): every
/// shape, param and field named here must be in the mapping, and everything the mapping gives
/// a route must be read by its translation (or listed as accepted and ignored). In debug builds
/// `LegacyCall` also refuses to read anything not declared here.
public struct MappingReads: Sendable {
    public var shapes: Set<String>
    public var params: Set<String>
    /// Params with a default in code (`list_keys` → `records`): read when present.
    public var optionalParams: Set<String>
    public var fields: Set<String>
    /// Fields read when the route has them (one translation behind routes whose bodies differ,
    /// as D0's and D1's review routes).
    public var optionalFields: Set<String>
    /// Fields a documented client sends that the bridge validates but does not use (D0's
    /// `admin_key`); named so that an unused field is a decision, not an accident.
    public var ignoredFields: Set<String>

    public init(
        shapes: Set<String> = [], params: Set<String> = [], optionalParams: Set<String> = [], fields: Set<String> = [],
        optionalFields: Set<String> = [], ignoredFields: Set<String> = []
    ) {
        self.optionalFields = optionalFields
        self.shapes = shapes
        self.params = params
        self.optionalParams = optionalParams
        self.fields = fields
        self.ignoredFields = ignoredFields
    }

    /// The params and fields of a list answer (`LegacyList`) with `page`/`limit` paging.
    public static func list(shape: String, fields: Set<String> = []) -> MappingReads {
        MappingReads(shapes: [shape], optionalParams: ["list_keys", "flat_pagination"], fields: fields.union(["page", "limit"]))
    }
}
