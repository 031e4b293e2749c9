import BridgeKit
import V4Contract

/// The common part of a legacy list answer. The route's `params:` in Mappings say where the
/// documented variants look for it: `list_keys` (every name the list goes under, e.g. `records`,
/// `list`, `history`) and `flat_pagination` (pagination keys repeated at `data` level). The
/// nested `pagination` block always carries both `total_pages` and `totalPages`.
enum LegacyList {
    static func data(_ records: [JSONValue], pagination: V4Pagination, route: RouteSpec) -> JSONObject {
        var data = JSONObject()
        let listKeys = route.params["list_keys"]?.arrayValue?.compactMap(\.stringValue) ?? ["records"]
        for key in listKeys { data[key] = .array(records) }
        data["pagination"] = LegacyPagination.bothNamings(pagination)
        for key in route.params["flat_pagination"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            data[key] = LegacyPagination.flat(key, pagination)
        }
        return data
    }
}
