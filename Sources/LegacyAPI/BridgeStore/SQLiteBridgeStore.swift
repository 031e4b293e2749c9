import BridgeKit
import GRDB
import ServerKit
import V4Contract

/// The bridge store in one SQLite file (`<state-dir>/bridge.sqlite`, mode 0600), held by one
/// process (`bridge-state.lock`: a second `serve` on the same directory stops with a clear
/// message). WAL, so a kill -9 loses no committed change. Migrations are values, applied in order.
public final class SQLiteBridgeStore: BridgeStore {
    let pool: DatabasePool
    let lock: DataDirectoryLock?
    /// Profiles in memory, when this process owns the file (nil beside a serving process).
    let profiles: ProfileCache?

    public struct InUse: Error, CustomStringConvertible {
        public let directory: String
        public var description: String {
            "the bridge state directory \(directory) is in use by another legacy-bridge process; one process per SQLite state file (run several instances on MariaDB state instead)"
        }
    }

    /// `exclusive`: the serving process's lock (a second `serve` stops); the `merchants` command
    /// opens the store beside a running server without it (WAL lets both write in turn).
    public init(directory: String, exclusive: Bool = true) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            lock = exclusive ? try DataDirectoryLock(dataDirectory: directory, name: "bridge-state.lock") : nil
        } catch {
            throw InUse(directory: directory)
        }
        profiles = exclusive ? ProfileCache() : nil
        let path = directory + "/bridge.sqlite"
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try DatabasePool(path: path, configuration: configuration)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        try Self.migrator.migrate(pool)
    }

    /// The store's schema, one value per version.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 profiles and files") { db in
            try db.execute(sql: """
                CREATE TABLE bridge_profiles (
                  user_id    INTEGER PRIMARY KEY,       -- V4's users.user_id
                  nickname   TEXT,
                  avatar     TEXT,                      -- /files/bridge/… or a URL the client gave
                  updated_at DATETIME NOT NULL
                );
                CREATE TABLE bridge_files (
                  key          TEXT PRIMARY KEY,        -- bridge/avatars/<sha256>.<ext>
                  content_type TEXT NOT NULL,
                  bytes        BLOB NOT NULL,
                  created_at   DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2 exchange deliveries") { db in
            try db.execute(sql: """
                CREATE TABLE bridge_exchange_deliveries (
                  exchange_id INTEGER PRIMARY KEY,      -- V4's exchange_records.exchange_id
                  delivery    TEXT NOT NULL,            -- JSON: {recipient_name, phone, address, postal_code}
                  created_at  DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3 merchant applications") { db in
            try db.execute(sql: """
                CREATE TABLE bridge_merchant_applications (
                  application_id   INTEGER PRIMARY KEY AUTOINCREMENT,
                  user_id          INTEGER NOT NULL,     -- V4's users.user_id
                  business_name    TEXT NOT NULL,
                  business_license TEXT,
                  contact_person   TEXT NOT NULL,
                  contact_phone    TEXT NOT NULL,
                  business_address TEXT,
                  reason           TEXT,
                  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
                  applied_at       DATETIME NOT NULL,
                  decided_at       DATETIME
                );
                CREATE INDEX bridge_merchant_applications_user ON bridge_merchant_applications (user_id, status);
                """)
        }
        migrator.registerMigration("v4 review top-ups") { db in
            try db.execute(sql: """
                CREATE TABLE bridge_review_top_ups (
                  resource_id INTEGER PRIMARY KEY,      -- V4's image_resources id
                  user_id     INTEGER NOT NULL,
                  points      INTEGER NOT NULL,         -- the legacy rule's points minus V4's award
                  state       TEXT NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'posted', 'refused', 'unknown')),
                  claimed_at  DATETIME NOT NULL,
                  settled_at  DATETIME
                );
                """)
        }
        migrator.registerMigration("v5 uploads") { db in
            try db.execute(sql: """
                CREATE TABLE bridge_uploads (
                  resource_id  INTEGER PRIMARY KEY,     -- V4's image_resources id
                  upload_id    TEXT NOT NULL UNIQUE,    -- upload_<user>_<unix>_<6 chars>
                  amount_cents INTEGER,                 -- what the client typed, in fen
                  created_at   DATETIME NOT NULL
                );
                """)
        }
        return migrator
    }

    public func saveUpload(_ upload: BridgeUpload, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO bridge_uploads (resource_id, upload_id, amount_cents, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [upload.resourceId, upload.uploadId, upload.amountCents, now])
        }
    }

    public func uploads(of resourceIds: [Int64]) throws -> [Int64: BridgeUpload] {
        guard !resourceIds.isEmpty else { return [:] }
        return try pool.read { db in
            let marks = Array(repeating: "?", count: resourceIds.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db, sql: "SELECT resource_id, upload_id, amount_cents FROM bridge_uploads WHERE resource_id IN (\(marks))",
                arguments: StatementArguments(resourceIds))
            return Dictionary(uniqueKeysWithValues: rows.map {
                ($0["resource_id"], BridgeUpload(resourceId: $0["resource_id"], uploadId: $0["upload_id"], amountCents: $0["amount_cents"]))
            })
        }
    }

    public func resourceId(ofUpload uploadId: String) throws -> Int64? {
        try pool.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT resource_id FROM bridge_uploads WHERE upload_id = ?"), arguments: [uploadId])
        }
    }

    public func claimTopUp(resourceId: Int64, userId: Int64, points: Int, at now: Date) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO bridge_review_top_ups (resource_id, user_id, points, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [resourceId, userId, points, now])
            return db.changesCount == 1
        }
    }

    public func settleTopUp(resourceId: Int64, outcome: BridgeTopUpOutcome, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE bridge_review_top_ups SET state = ?, settled_at = ? WHERE resource_id = ?",
                arguments: [outcome.rawValue, now, resourceId])
        }
    }

    static func application(_ row: Row) -> V4MerchantApplication {
        V4MerchantApplication(
            applicationId: row["application_id"], userId: row["user_id"], businessName: row["business_name"],
            businessLicense: row["business_license"], contactPerson: row["contact_person"], contactPhone: row["contact_phone"],
            businessAddress: row["business_address"], reason: row["reason"], status: row["status"],
            isMerchant: (row["status"] as String) == "approved", appliedAt: Timestamp.beijing(row["applied_at"]),
            decidedAt: (row["decided_at"] as Date?).map(Timestamp.beijing))
    }

    public func apply(_ request: V4MerchantApplyRequest, userId: Int64, at now: Date) throws -> V4MerchantApplication {
        try pool.write { db in
            let open = try Row.fetchOne(
                db, sql: "SELECT * FROM bridge_merchant_applications WHERE user_id = ? AND status IN ('pending', 'approved') ORDER BY application_id DESC",
                arguments: [userId])
            if let open { return Self.application(open) }
            try db.execute(
                sql: """
                    INSERT INTO bridge_merchant_applications (user_id, business_name, business_license, contact_person, contact_phone,
                      business_address, reason, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [userId, request.businessName, request.businessLicense, request.contactPerson, request.contactPhone,
                            request.businessAddress, request.reason, now])
            return Self.application(try Row.fetchOne(
                db, sql: "SELECT * FROM bridge_merchant_applications WHERE application_id = ?", arguments: [db.lastInsertedRowID])!)
        }
    }

    public func applications(status: String?) throws -> [V4MerchantApplication] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM bridge_merchant_applications WHERE ?1 IS NULL OR status = ?1 ORDER BY application_id",
                arguments: [status]).map(Self.application)
        }
    }

    public func decide(applicationId: Int64, approve: Bool, at now: Date) throws -> V4MerchantApplication? {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE bridge_merchant_applications SET status = ?, decided_at = ? WHERE application_id = ? AND status = 'pending'",
                arguments: [approve ? "approved" : "rejected", now, applicationId])
            guard db.changesCount == 1 else { return nil }
            return Self.application(try Row.fetchOne(
                db, sql: "SELECT * FROM bridge_merchant_applications WHERE application_id = ?", arguments: [applicationId])!)
        }
    }

    public func isMerchant(_ userId: Int64) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM bridge_merchant_applications WHERE user_id = ? AND status = 'approved')"),
                arguments: [userId]) ?? false
        }
    }

    public func profile(of userId: Int64) throws -> BridgeProfile? {
        let remembered = profiles?.lookup(userId)
        if let known = remembered?.known { return known }
        let profile = try pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT nickname, avatar FROM bridge_profiles WHERE user_id = ?"), arguments: [userId]
            ).map { BridgeProfile(userId: userId, nickname: $0["nickname"], avatar: $0["avatar"]) }
        }
        if let remembered { profiles?.remember(profile, of: userId, readAfter: remembered.changes) }
        return profile
    }

    public func updateProfile(of userId: Int64, nickname: String?, avatar: String?, at now: Date) throws -> BridgeProfile {
        let saved = try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO bridge_profiles (user_id, nickname, avatar, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET nickname = COALESCE(excluded.nickname, nickname),
                      avatar = COALESCE(excluded.avatar, avatar), updated_at = excluded.updated_at
                    """, arguments: [userId, nickname, avatar, now])
            let row = try Row.fetchOne(db, sql: "SELECT nickname, avatar FROM bridge_profiles WHERE user_id = ?", arguments: [userId])!
            return BridgeProfile(userId: userId, nickname: row["nickname"], avatar: row["avatar"])
        }
        // Forgotten, not overwritten: two changes that reach this line in the other order
        // than they committed must not leave the older in the copy; the next read takes the file's.
        profiles?.forget(userId)
        return saved
    }

    public func putFile(_ bytes: [UInt8], key: String, contentType: String, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO bridge_files (key, content_type, bytes, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                arguments: [key, contentType, Data(bytes), now])
        }
    }

    public func saveDelivery(_ delivery: JSONValue, exchangeId: Int64, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO bridge_exchange_deliveries (exchange_id, delivery, created_at) VALUES (?, ?, ?) ON CONFLICT (exchange_id) DO NOTHING",
                arguments: [exchangeId, delivery.serialized(), now])
        }
    }

    public func deliveries(of exchangeIds: [Int64]) throws -> [Int64: JSONValue] {
        guard !exchangeIds.isEmpty else { return [:] }
        return try pool.read { db in
            var found: [Int64: JSONValue] = [:]
            let marks = Array(repeating: "?", count: exchangeIds.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db, sql: "SELECT exchange_id, delivery FROM bridge_exchange_deliveries WHERE exchange_id IN (\(marks))",
                arguments: StatementArguments(exchangeIds))
            for row in rows {
                if let json = try? JSONValue.parse(Array((row["delivery"] as String).utf8)) { found[row["exchange_id"]] = json }
            }
            return found
        }
    }

    public func file(_ key: String) throws -> (bytes: [UInt8], contentType: String)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT content_type, bytes FROM bridge_files WHERE key = ?", arguments: [key]).map {
                (Array(($0["bytes"] as Data?) ?? Data()), $0["content_type"] as String)
            }
        }
    }
}
