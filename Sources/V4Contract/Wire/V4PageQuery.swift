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
