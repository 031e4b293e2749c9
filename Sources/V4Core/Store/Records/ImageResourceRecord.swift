import BridgeKit
import V4Contract
import GRDB

/// A row of `image_resources` (V4 §5.11 plus the legacy PhotoReview columns): one uploaded
/// receipt photo and its review.
public struct ImageResourceRecord: V4Record, Equatable {
    public static let databaseTableName = "image_resources"
    public var resourceId: Int64?
    public var uploadId: String
    public var userId: Int64
    public var originalUrl: String
    public var thumbnailUrl: String?
    public var category: String
    public var description: String?
    public var reviewStatus: ReviewStatus
    public var reviewedBy: Int64?
    public var reviewedAt: Date?
    public var rejectionReason: String?
    public var pointsAwarded: Int
    public var uploadedAt: Date
    public var amountCents: Int?
    public var actualAmountCents: Int?
    public var originalFilename: String?
    public var fileSize: Int?
    public var updatedAt: Date?
    public var legacyExtras: String?
    /// Migration v4: pixel size read from the image header, the object-store key, the sniffed
    /// type, and the reviewer's remark on an approval.
    public var width: Int? = nil
    public var height: Int? = nil
    public var storageKey: String? = nil
    public var contentType: String? = nil
    public var reviewNote: String? = nil

    public init(
        resourceId: Int64? = nil, uploadId: String, userId: Int64, originalUrl: String, thumbnailUrl: String? = nil,
        category: String = "receipt", description: String? = nil, reviewStatus: ReviewStatus = .pending, reviewedBy: Int64? = nil,
        reviewedAt: Date? = nil, rejectionReason: String? = nil, pointsAwarded: Int = 0, uploadedAt: Date,
        amountCents: Int? = nil, actualAmountCents: Int? = nil, originalFilename: String? = nil, fileSize: Int? = nil,
        updatedAt: Date? = nil, legacyExtras: String? = nil
    ) {
        self.resourceId = resourceId
        self.uploadId = uploadId
        self.userId = userId
        self.originalUrl = originalUrl
        self.thumbnailUrl = thumbnailUrl
        self.category = category
        self.description = description
        self.reviewStatus = reviewStatus
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.rejectionReason = rejectionReason
        self.pointsAwarded = pointsAwarded
        self.uploadedAt = uploadedAt
        self.amountCents = amountCents
        self.actualAmountCents = actualAmountCents
        self.originalFilename = originalFilename
        self.fileSize = fileSize
        self.updatedAt = updatedAt
        self.legacyExtras = legacyExtras
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { resourceId = inserted.rowID }
}

extension ImageResourceRecord {
    /// The table's columns: Codable's keys and GRDB's column expressions in one list.
    public enum CodingKeys: String, CodingKey, ColumnExpression, CaseIterable {
        case resourceId = "resource_id", uploadId = "upload_id", userId = "user_id", originalUrl = "original_url",
            thumbnailUrl = "thumbnail_url", category, description, reviewStatus = "review_status",
            reviewedBy = "reviewed_by", reviewedAt = "reviewed_at", rejectionReason = "rejection_reason",
            pointsAwarded = "points_awarded", uploadedAt = "uploaded_at", amountCents = "amount_cents",
            actualAmountCents = "actual_amount_cents", originalFilename = "original_filename",
            fileSize = "file_size", updatedAt = "updated_at", legacyExtras = "legacy_extras", width, height,
            storageKey = "storage_key", contentType = "content_type", reviewNote = "review_note"
    }
    public typealias Columns = CodingKeys
}
