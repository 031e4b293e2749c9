import BridgeKit
/// The `?page&limit` of a V4 list, validated, with the row offset it selects.
@PublicInit
public struct V4PageQuery: Sendable, Equatable {
    public var page: Int
    public var limit: Int

    /// Rows to skip before this page.
    public var offset: Int { (page - 1) * limit }

    /// The pagination block for this page of `total` rows.
    public func pagination(total: Int) -> V4Pagination { V4Pagination(page: page, limit: limit, total: total) }
}
