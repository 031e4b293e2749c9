import BridgeKit
import V4Core

/// Legacy pagination blocks from V4's.
enum LegacyPagination {
    /// P1: `{total, page, limit, total_pages}` (D0, D1-A).
    static func nested(_ pagination: V4Pagination) -> JSONValue {
        [
            "total": .int(Int64(pagination.total)), "page": .int(Int64(pagination.page)),
            "limit": .int(Int64(pagination.limit)), "total_pages": .int(Int64(pagination.totalPages)),
        ]
    }
}
