import V4Contract
import GRDB
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A row of `image_resources` (V4 §5.11 plus the legacy PhotoReview columns): one uploaded
/// receipt photo and its review.
public struct ImageResourceRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "image_resources"
    public var resourceId: Int64?
    public var uploadId: String
    public var userId: Int64
    public var originalUrl: String
    public var thumbnailUrl: String?
    public var category: String
    public var description: String?
    public var reviewStatus: String
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
        category: String = "receipt", description: String? = nil, reviewStatus: String = "pending", reviewedBy: Int64? = nil,
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

/// Column reads and writes without a `Codable` pass: the hot paths read and write these rows.
extension ImageResourceRecord {
    public enum Columns {
        static let resourceId = Column("resource_id")
        static let uploadId = Column("upload_id")
        static let userId = Column("user_id")
        static let originalUrl = Column("original_url")
        static let thumbnailUrl = Column("thumbnail_url")
        static let category = Column("category")
        static let description = Column("description")
        static let reviewStatus = Column("review_status")
        static let reviewedBy = Column("reviewed_by")
        static let reviewedAt = Column("reviewed_at")
        static let rejectionReason = Column("rejection_reason")
        static let pointsAwarded = Column("points_awarded")
        static let uploadedAt = Column("uploaded_at")
        static let amountCents = Column("amount_cents")
        static let actualAmountCents = Column("actual_amount_cents")
        static let originalFilename = Column("original_filename")
        static let fileSize = Column("file_size")
        static let updatedAt = Column("updated_at")
        static let legacyExtras = Column("legacy_extras")
        static let width = Column("width")
        static let height = Column("height")
        static let storageKey = Column("storage_key")
        static let contentType = Column("content_type")
        static let reviewNote = Column("review_note")
    }

    public init(row: Row) throws {
        resourceId = row[Columns.resourceId]
        uploadId = row[Columns.uploadId]
        userId = row[Columns.userId]
        originalUrl = row[Columns.originalUrl]
        thumbnailUrl = row[Columns.thumbnailUrl]
        category = row[Columns.category]
        description = row[Columns.description]
        reviewStatus = row[Columns.reviewStatus]
        reviewedBy = row[Columns.reviewedBy]
        reviewedAt = row[Columns.reviewedAt]
        rejectionReason = row[Columns.rejectionReason]
        pointsAwarded = row[Columns.pointsAwarded]
        uploadedAt = row[Columns.uploadedAt]
        amountCents = row[Columns.amountCents]
        actualAmountCents = row[Columns.actualAmountCents]
        originalFilename = row[Columns.originalFilename]
        fileSize = row[Columns.fileSize]
        updatedAt = row[Columns.updatedAt]
        legacyExtras = row[Columns.legacyExtras]
        width = row[Columns.width]
        height = row[Columns.height]
        storageKey = row[Columns.storageKey]
        contentType = row[Columns.contentType]
        reviewNote = row[Columns.reviewNote]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.resourceId] = resourceId
        container[Columns.uploadId] = uploadId
        container[Columns.userId] = userId
        container[Columns.originalUrl] = originalUrl
        container[Columns.thumbnailUrl] = thumbnailUrl
        container[Columns.category] = category
        container[Columns.description] = description
        container[Columns.reviewStatus] = reviewStatus
        container[Columns.reviewedBy] = reviewedBy
        container[Columns.reviewedAt] = reviewedAt
        container[Columns.rejectionReason] = rejectionReason
        container[Columns.pointsAwarded] = pointsAwarded
        container[Columns.uploadedAt] = uploadedAt
        container[Columns.amountCents] = amountCents
        container[Columns.actualAmountCents] = actualAmountCents
        container[Columns.originalFilename] = originalFilename
        container[Columns.fileSize] = fileSize
        container[Columns.updatedAt] = updatedAt
        container[Columns.legacyExtras] = legacyExtras
        container[Columns.width] = width
        container[Columns.height] = height
        container[Columns.storageKey] = storageKey
        container[Columns.contentType] = contentType
        container[Columns.reviewNote] = reviewNote
    }
}
