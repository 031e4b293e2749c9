import BridgeKit
import V4Contract

/// Legacy pagination blocks from V4's.
enum LegacyPagination {
    /// P1: `{total, page, limit, total_pages}` (D0, D1-A).
    static func nested(_ pagination: V4Pagination) -> JSONValue {
        [
            "total": .int(Int64(pagination.total)), "page": .int(Int64(pagination.page)),
            "limit": .int(Int64(pagination.limit)), "total_pages": .int(Int64(pagination.totalPages)),
        ]
    }

    /// P1 and P2 in one block: P1 plus D1-B's `totalPages` (the names do not clash).
    static func bothNamings(_ pagination: V4Pagination) -> JSONValue {
        guard case .object(var block) = nested(pagination) else { return .null }
        block["totalPages"] = .int(Int64(pagination.totalPages))
        return .object(block)
    }

    /// The value of one flat key (`pageSize` is D0's name for `limit`).
    static func flat(_ key: String, _ pagination: V4Pagination) -> JSONValue? {
        switch key {
        case "total": .int(Int64(pagination.total))
        case "page": .int(Int64(pagination.page))
        case "limit", "pageSize": .int(Int64(pagination.limit))
        case "totalPages", "total_pages": .int(Int64(pagination.totalPages))
        default: nil
        }
    }
}
