/// The `?page&limit` of a V4 list, validated, with the row offset it selects.
public struct V4PageQuery: Sendable, Equatable {
    public var page: Int
    public var limit: Int

    public init(page: Int, limit: Int) {
        self.page = page
        self.limit = limit
    }

    /// Rows to skip before this page.
    public var offset: Int { (page - 1) * limit }

    /// The pagination block for this page of `total` rows.
    public func pagination(total: Int) -> V4Pagination { V4Pagination(page: page, limit: limit, total: total) }
}

extension V4Input {
    /// `page` (≥ 1, default 1) and `limit` (1…`maxLimit`); anything else is `INVALID_PAGINATION`.
    public func pageQuery(defaultLimit: Int = 20, maxLimit: Int = 100) throws -> V4PageQuery {
        V4PageQuery(
            page: try queryInt("page", default: 1, range: 1...100_000),
            limit: try queryInt("limit", default: defaultLimit, range: 1...maxLimit))
    }

    /// A query value, nil when absent or empty.
    public func queryString(_ key: String) -> String? {
        query[key].flatMap { $0.isEmpty ? nil : $0 }
    }
}
