import V4Contract
import BridgeKit
import Crypto
import GRDB

/// Receipt photos and avatars in: checked (a file, really an image, small enough, a valid
/// amount), stored under a content-addressed key, recorded; and out again: deleted, or served.
public struct UploadService: Sendable {
    let database: CoreDatabase
    let store: any ObjectStore
    /// Prefix of the URLs the answers give (`https://cdn.example`); empty: paths on this server.
    let publicBaseURL: String
    /// Receipts one user may upload per Beijing day (0: no limit).
    let uploadsPerDay: Int
    let clock: @Sendable () -> Date

    /// Where the server serves stored objects.
    public static let filesPath = "/files"

    public init(
        database: CoreDatabase, store: any ObjectStore, publicBaseURL: String = "", uploadsPerDay: Int = 0,
        clock: @escaping @Sendable () -> Date
    ) {
        self.database = database
        self.store = store
        self.uploadsPerDay = uploadsPerDay
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.clock = clock
    }

    func url(forKey key: String) -> String { publicBaseURL + Self.filesPath + "/" + key }

    /// Checks, in this order: a file, an image by its bytes (JPEG, PNG, WebP), ≤ 5 MB, an amount
    /// of 0.01–10000.00 yuan. Then stores the bytes and records a pending upload.
    public func upload(_ request: V4PhotoUploadRequest, for identity: Identity) async throws -> V4PhotoUploadResult {
        guard let file = request.file, !file.bytes.isEmpty else { throw V4Error(.noImageFile) }
        guard let probe = ImageFormat.probe(file.bytes) else {
            throw V4Error(.invalidFileType, "不支持的文件类型（仅支持 JPEG、PNG、WebP 图片）")
        }
        guard file.bytes.count <= V4PhotoUploadRequest.maxFileBytes else {
            throw V4Error(.fileTooLarge, data: ["max_bytes": .int(Int64(V4PhotoUploadRequest.maxFileBytes))])
        }
        let amount = try V4Money.requiredAmount(request.amount)
        let now = clock()
        // Checked before the bytes are stored, and again in the insert's transaction (two at once).
        try await database.read { db in try self.checkQuota(of: identity.userId, at: now, in: db) }
        let key = "photos/" + Timestamp.beijingDay(now) + "/" + Self.digest(file.bytes) + "." + probe.format.fileExtension
        do {
            try await store.put(file.bytes, key: key, contentType: probe.format.contentType)
        } catch {
            throw V4Error(.storageError)
        }
        var row = ImageResourceRecord(
            uploadId: "upload_\(identity.userId)_\(Int(now.timeIntervalSince1970))_\(Self.randomSuffix())",
            userId: identity.userId, originalUrl: url(forKey: key), category: request.category ?? "receipt",
            description: request.description, uploadedAt: now, amountCents: amount,
            originalFilename: file.fileName.map(Self.cleanFileName), fileSize: file.bytes.count, updatedAt: now)
        row.width = probe.width
        row.height = probe.height
        row.storageKey = key
        row.contentType = probe.format.contentType
        let stored = row
        let inserted = try await database.write { db -> ImageResourceRecord in
            try self.checkQuota(of: identity.userId, at: now, in: db)
            var copy = stored
            try copy.insert(db)
            return copy
        }
        return V4PhotoUploadResult(upload: PhotoService.payload(inserted))
    }

    /// `RATE_LIMIT_EXCEEDED` (with the seconds to the next Beijing midnight) once the user has
    /// `uploadsPerDay` uploads today.
    func checkQuota(of userId: Int64, at now: Date, in db: Database) throws {
        guard uploadsPerDay > 0 else { return }
        let offset: TimeInterval = 8 * 3600
        let dayStart = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 + offset) / 86400).rounded(.down) * 86400 - offset)
        let today = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM image_resources WHERE user_id = ? AND uploaded_at >= ?"),
            arguments: [userId, dayStart]) ?? 0
        guard today >= uploadsPerDay else { return }
        let wait = Int(dayStart.addingTimeInterval(86400).timeIntervalSince(now).rounded(.up))
        throw V4Error(.rateLimitExceeded, "今日上传次数已达上限（\(uploadsPerDay)次），请明天再试", data: ["retry_after": .int(Int64(wait))])
    }

    /// The caller's avatar: JPEG or PNG, ≤ 2 MB; the user's avatar URL is updated.
    public func avatar(_ request: V4AvatarRequest, for identity: Identity) async throws -> V4AvatarResult {
        guard let file = request.file, !file.bytes.isEmpty else { throw V4Error(.noImageFile) }
        guard let probe = ImageFormat.probe(file.bytes), probe.format != .webp else {
            throw V4Error(.invalidFileType, "头像仅支持 JPEG、PNG 图片")
        }
        guard file.bytes.count <= V4AvatarRequest.maxFileBytes else {
            throw V4Error(.fileTooLarge, "文件大小超过限制（最大2MB）", data: ["max_bytes": .int(Int64(V4AvatarRequest.maxFileBytes))])
        }
        let key = "avatars/" + Self.digest(file.bytes) + "." + probe.format.fileExtension
        do {
            try await store.put(file.bytes, key: key, contentType: probe.format.contentType)
        } catch {
            throw V4Error(.storageError)
        }
        let address = url(forKey: key)
        let now = clock()
        try await database.write { db in
            try db.execute(
                sql: "UPDATE users SET avatar_url = ?, updated_at = ? WHERE user_id = ?", arguments: [address, now, identity.userId])
        }
        return V4AvatarResult(avatarUrl: address)
    }

    /// The owner or an admin deletes an upload: its row, and its bytes when no other upload
    /// shares them. Anyone else is told it does not exist.
    public func delete(_ id: String, by caller: Identity) async throws -> V4PhotoDeletion {
        let (resourceId, orphanedKey) = try await database.write { db -> (Int64, String?) in
            guard let row = try ReviewService.find(id, in: db), row.userId == caller.userId || caller.isAdmin else {
                throw V4Error(.imageNotFound)
            }
            _ = try ImageResourceRecord.deleteOne(db, key: row.resourceId)
            guard let key = row.storageKey else { return (row.resourceId!, nil) }
            let shared = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM image_resources WHERE storage_key = ?"), arguments: [key]) ?? 0
            return (row.resourceId!, shared == 0 ? key : nil)
        }
        if let orphanedKey { try? await store.delete(orphanedKey) }
        return V4PhotoDeletion(resourceId: resourceId)
    }

    /// A stored object by the path under `/files/`.
    public func file(_ key: String) async throws -> (bytes: [UInt8], contentType: String)? {
        guard ObjectKey.isValid(key) else { return nil }
        return try await store.get(key)
    }

    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The last path component of a client's file name, without control characters, ≤ 100 characters.
    static func cleanFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init).prefix(100))
    }
}
