/// The four legacy tables the migrator reads (the input contract, Docs/legacy-schema.sql), in
/// the order they are migrated: users first, because every other table refers to them.
public enum LegacyTable: String, CaseIterable, Sendable, Codable {
    case users
    case products
    case uploadReviews = "upload_reviews"
    case pointsRecords = "points_records"

    public var name: String { rawValue }

    /// The contract's columns, in the order converters index them.
    public var columns: [String] {
        switch self {
        case .users: UserColumn.names
        case .products: ProductColumn.names
        case .uploadReviews: UploadReviewColumn.names
        case .pointsRecords: PointsRecordColumn.names
        }
    }

    public var primaryKey: String { columns[0] }
}

/// Column positions of `users`; `names` is the same list spelled as in SQL.
public enum UserColumn: Int, CaseIterable, Sendable {
    case userId, mobile, nickname, totalPoints, isMerchant, status, avatar, lastLogin, createdAt, updatedAt
    static let names = ["user_id", "mobile", "nickname", "total_points", "is_merchant", "status", "avatar",
                        "last_login", "created_at", "updated_at"]
}

/// Column positions of `upload_reviews` (PhotoReview).
public enum UploadReviewColumn: Int, CaseIterable, Sendable {
    case id, uploadId, userId, imageURL, originalFilename, fileSize, amount, actualAmount, pointsAwarded
    case reviewStatus, reviewReason, reviewerId, description, createdAt, reviewTime, updatedAt
    static let names = ["id", "upload_id", "user_id", "image_url", "original_filename", "file_size", "amount",
                        "actual_amount", "points_awarded", "review_status", "review_reason", "reviewer_id",
                        "description", "created_at", "review_time", "updated_at"]
}

/// Column positions of `products` (CommodityPool).
public enum ProductColumn: Int, CaseIterable, Sendable {
    case commodityId, name, description, category, exchangePoints, stock, imageURL, originalPrice, discount
    case isHot, sortOrder, salesCount, status, createdAt, updatedAt
    static let names = ["commodity_id", "name", "description", "category", "exchange_points", "stock", "image_url",
                        "original_price", "discount", "is_hot", "sort_order", "sales_count", "status", "created_at",
                        "updated_at"]
}

/// Column positions of `points_records` (PointsRecord).
public enum PointsRecordColumn: Int, CaseIterable, Sendable {
    case id, userId, type, points, source, description, balanceBefore, balanceAfter, relatedId, createdAt
    static let names = ["id", "user_id", "type", "points", "source", "description", "balance_before", "balance_after",
                        "related_id", "created_at"]
}
