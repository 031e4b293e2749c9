#if MySQL
import BridgeKit
import MariaDB
import V4Contract

/// The bridge store on MariaDB/MySQL (`serve --state mysql://…`): what several instances behind
/// one load balancer share — the same tables as the SQLite store, plus the write replays and
/// the raised events every instance reads. InnoDB, one transaction per change.
public final class MySQLBridgeStore: BridgeStore {
    let pool: MariaDBPool

    /// Connects, and brings the schema up to date.
    public init(location: MySQLLocation) throws {
        pool = MariaDBPool(location)
        try Self.migrate(pool)
    }

    public var description: String { pool.location.description }
    public var location: MySQLLocation { pool.location }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ value: MariaDBValue?) -> Date? {
        value?.integer.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    static func text(_ value: String?, _ connection: MariaDBConnection) -> String {
        value.map(connection.quoted) ?? "NULL"
    }

    static func application(_ row: [String: MariaDBValue]) -> V4MerchantApplication {
        let status = row["status"]?.text ?? "pending"
        return V4MerchantApplication(
            applicationId: row["application_id"]?.integer ?? 0, userId: row["user_id"]?.integer ?? 0,
            businessName: row["business_name"]?.text ?? "", businessLicense: row["business_license"]?.text,
            contactPerson: row["contact_person"]?.text ?? "", contactPhone: row["contact_phone"]?.text ?? "",
            businessAddress: row["business_address"]?.text, reason: row["reason"]?.text, status: status,
            isMerchant: status == "approved", appliedAt: Timestamp.beijing(date(row["applied_ms"]) ?? Date(timeIntervalSince1970: 0)),
            decidedAt: date(row["decided_ms"]).map(Timestamp.beijing))
    }

    public func apply(_ request: V4MerchantApplyRequest, userId: Int64, at now: Date) throws -> V4MerchantApplication {
        try pool.transaction { connection in
            // The user's rows locked first: two applications at once on two instances make one.
            let open = try connection.rows(
                "SELECT * FROM bridge_merchant_applications WHERE user_id = \(userId) AND status IN ('pending', 'approved') ORDER BY application_id DESC FOR UPDATE")
            if let open = open.first { return Self.application(open) }
            try connection.execute("""
                INSERT INTO bridge_merchant_applications (user_id, business_name, business_license, contact_person, contact_phone,
                  business_address, reason, applied_ms) VALUES (\(userId), \(Self.text(request.businessName, connection)),
                  \(Self.text(request.businessLicense, connection)), \(Self.text(request.contactPerson, connection)),
                  \(Self.text(request.contactPhone, connection)), \(Self.text(request.businessAddress, connection)),
                  \(Self.text(request.reason, connection)), \(Self.milliseconds(now)))
                """)
            let id = connection.insertId
            return Self.application(try connection.rows("SELECT * FROM bridge_merchant_applications WHERE application_id = \(id)")[0])
        }
    }

    public func applications(status: String?) throws -> [V4MerchantApplication] {
        try pool.withConnection { connection in
            let filter = status.map { "WHERE status = \(connection.quoted($0))" } ?? ""
            return try connection.rows("SELECT * FROM bridge_merchant_applications \(filter) ORDER BY application_id").map(Self.application)
        }
    }

    public func decide(applicationId: Int64, approve: Bool, at now: Date) throws -> V4MerchantApplication? {
        try pool.transaction { connection in
            try connection.execute("""
                UPDATE bridge_merchant_applications SET status = '\(approve ? "approved" : "rejected")', decided_ms = \(Self.milliseconds(now))
                WHERE application_id = \(applicationId) AND status = 'pending'
                """)
            guard connection.affectedRows == 1 else { return nil }
            return Self.application(try connection.rows("SELECT * FROM bridge_merchant_applications WHERE application_id = \(applicationId)")[0])
        }
    }

    public func isMerchant(_ userId: Int64) throws -> Bool {
        try pool.withConnection { connection in
            try connection.integer(
                "SELECT EXISTS (SELECT 1 FROM bridge_merchant_applications WHERE user_id = \(userId) AND status = 'approved')") == 1
        }
    }

    public func claimTopUp(resourceId: Int64, userId: Int64, points: Int, at now: Date) throws -> Bool {
        try pool.withConnection { connection in
            try connection.execute("""
                INSERT IGNORE INTO bridge_review_top_ups (resource_id, user_id, points, claimed_ms)
                VALUES (\(resourceId), \(userId), \(points), \(Self.milliseconds(now)))
                """)
            return connection.affectedRows == 1
        }
    }

    public func settleTopUp(resourceId: Int64, outcome: BridgeTopUpOutcome, at now: Date) throws {
        try pool.withConnection { connection in
            try connection.execute(
                "UPDATE bridge_review_top_ups SET state = '\(outcome.rawValue)', settled_ms = \(Self.milliseconds(now)) WHERE resource_id = \(resourceId)")
        }
    }

    public func saveUpload(_ upload: BridgeUpload, at now: Date) throws {
        try pool.withConnection { connection in
            try connection.execute("""
                INSERT IGNORE INTO bridge_uploads (resource_id, upload_id, amount_cents, created_ms)
                VALUES (\(upload.resourceId), \(connection.quoted(upload.uploadId)), \(upload.amountCents.map(String.init) ?? "NULL"), \(Self.milliseconds(now)))
                """)
        }
    }

    public func uploads(of resourceIds: [Int64]) throws -> [Int64: BridgeUpload] {
        guard !resourceIds.isEmpty else { return [:] }
        return try pool.withConnection { connection in
            var found: [Int64: BridgeUpload] = [:]
            let list = resourceIds.map(String.init).joined(separator: ",")
            for row in try connection.rows("SELECT resource_id, upload_id, amount_cents FROM bridge_uploads WHERE resource_id IN (\(list))") {
                guard let id = row["resource_id"]?.integer, let uploadId = row["upload_id"]?.text else { continue }
                found[id] = BridgeUpload(resourceId: id, uploadId: uploadId, amountCents: row["amount_cents"]?.integer.map { Int($0) })
            }
            return found
        }
    }

    public func resourceId(ofUpload uploadId: String) throws -> Int64? {
        try pool.withConnection { connection in
            try connection.integer("SELECT resource_id FROM bridge_uploads WHERE upload_id = \(connection.quoted(uploadId))")
        }
    }

    public func profile(of userId: Int64) throws -> BridgeProfile? {
        try pool.withConnection { connection in
            try connection.rows("SELECT nickname, avatar FROM bridge_profiles WHERE user_id = \(userId)").first.map {
                BridgeProfile(userId: userId, nickname: $0["nickname"]?.text, avatar: $0["avatar"]?.text)
            }
        }
    }

    public func updateProfile(of userId: Int64, nickname: String?, avatar: String?, at now: Date) throws -> BridgeProfile {
        try pool.transaction { connection in
            try connection.execute("""
                INSERT INTO bridge_profiles (user_id, nickname, avatar, updated_ms)
                VALUES (\(userId), \(Self.text(nickname, connection)), \(Self.text(avatar, connection)), \(Self.milliseconds(now)))
                ON DUPLICATE KEY UPDATE nickname = COALESCE(VALUES(nickname), nickname), avatar = COALESCE(VALUES(avatar), avatar),
                  updated_ms = VALUES(updated_ms)
                """)
            let row = try connection.rows("SELECT nickname, avatar FROM bridge_profiles WHERE user_id = \(userId)")[0]
            return BridgeProfile(userId: userId, nickname: row["nickname"]?.text, avatar: row["avatar"]?.text)
        }
    }

    public func putFile(_ bytes: [UInt8], key: String, contentType: String, at now: Date) throws {
        try pool.withConnection { connection in
            try connection.execute("""
                INSERT IGNORE INTO bridge_files (file_key, content_type, bytes, created_ms)
                VALUES (\(connection.quoted(key)), \(connection.quoted(contentType)), \(MariaDBConnection.hexLiteral(bytes)), \(Self.milliseconds(now)))
                """)
        }
    }

    public func file(_ key: String) throws -> (bytes: [UInt8], contentType: String)? {
        try pool.withConnection { connection in
            try connection.rows("SELECT content_type, bytes FROM bridge_files WHERE file_key = \(connection.quoted(key))").first.map { row in
                let bytes: [UInt8] = switch row["bytes"] {
                case .bytes(let bytes)?: bytes
                case .text(let text)?: Array(text.utf8)
                default: []
                }
                return (bytes, row["content_type"]?.text ?? "application/octet-stream")
            }
        }
    }

    public func saveDelivery(_ delivery: JSONValue, exchangeId: Int64, at now: Date) throws {
        try pool.withConnection { connection in
            try connection.execute("""
                INSERT IGNORE INTO bridge_exchange_deliveries (exchange_id, delivery, created_ms)
                VALUES (\(exchangeId), \(connection.quoted(delivery.serialized())), \(Self.milliseconds(now)))
                """)
        }
    }

    public func deliveries(of exchangeIds: [Int64]) throws -> [Int64: JSONValue] {
        guard !exchangeIds.isEmpty else { return [:] }
        return try pool.withConnection { connection in
            var found: [Int64: JSONValue] = [:]
            let list = exchangeIds.map(String.init).joined(separator: ",")
            for row in try connection.rows("SELECT exchange_id, delivery FROM bridge_exchange_deliveries WHERE exchange_id IN (\(list))") {
                if let id = row["exchange_id"]?.integer, let text = row["delivery"]?.text, let json = try? JSONValue.parse(Array(text.utf8)) {
                    found[id] = json
                }
            }
            return found
        }
    }
}
#endif
