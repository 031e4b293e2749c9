import V4Contract
import BridgeKit
import GRDB

/// The merchant role (an extension: V4 has none; the legacy `is_merchant` needs one). A user
/// applies; in development the application is approved at once (the docs' 开发阶段自动通过), in
/// production it waits for an admin. Approval grants the `merchant` role in the same transaction.
public struct MerchantService: Sendable {
    let database: CoreDatabase
    let autoApprove: Bool
    let clock: @Sendable () -> Date

    public init(database: CoreDatabase, autoApprove: Bool, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.autoApprove = autoApprove
        self.clock = clock
    }

    public func apply(_ request: V4MerchantApplyRequest, for identity: Identity) async throws -> V4MerchantApplication {
        let now = clock()
        let autoApprove = self.autoApprove
        return try await database.write { db in
            guard try !Self.isMerchant(identity.userId, in: db) else { throw V4Error(.alreadyMerchant) }
            let pending = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM merchant_applications WHERE user_id = ? AND status = 'pending'"),
                arguments: [identity.userId]) ?? 0
            guard pending == 0 else { throw V4Error(.merchantApplicationPending) }
            try db.execute(
                sql: """
                    INSERT INTO merchant_applications (user_id, business_name, business_license, contact_person, contact_phone,
                      business_address, reason, status, applied_at, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    identity.userId, request.businessName, request.businessLicense, request.contactPerson, request.contactPhone,
                    request.businessAddress, request.reason, autoApprove ? "approved" : "pending", now, autoApprove ? now : nil,
                ])
            let id = db.lastInsertedRowID
            if autoApprove { try UserDirectory.grant(RoleName.merchant, to: identity.userId, in: db, at: now) }
            return try Self.application(id, in: db)
        }
    }

    public func applications(page: V4PageQuery, status: String?, by admin: Identity) async throws -> V4MerchantApplications {
        guard admin.isAdmin else { throw V4Error(.adminOnly) }
        return try await database.read { db in
            let total = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM merchant_applications WHERE (?1 IS NULL OR status = ?1)"),
                arguments: [status]) ?? 0
            let ids = try Int64.fetchAll(
                db.cachedStatement(sql: """
                    SELECT application_id FROM merchant_applications WHERE (?1 IS NULL OR status = ?1)
                    ORDER BY applied_at DESC, application_id DESC LIMIT ?2 OFFSET ?3
                    """), arguments: [status, page.limit, page.offset])
            return V4MerchantApplications(
                applications: try ids.map { try Self.application($0, in: db) }, pagination: page.pagination(total: total))
        }
    }

    /// An admin approves (granting the role) or rejects a pending application.
    public func decide(_ request: V4MerchantDecisionRequest, by admin: Identity) async throws -> V4MerchantApplication {
        guard admin.isAdmin else { throw V4Error(.adminOnly) }
        let now = clock()
        return try await database.write { db in
            let current = try Self.application(request.applicationId, in: db)
            guard current.status == "pending" else {
                throw V4Error(.invalidParameter, "申请已处理", data: ["status": .string(current.status)])
            }
            try db.execute(
                sql: "UPDATE merchant_applications SET status = ?, decided_at = ?, decided_by = ? WHERE application_id = ?",
                arguments: [request.status, now, admin.userId, request.applicationId])
            if request.status == "approved" {
                try UserDirectory.grant(RoleName.merchant, to: current.userId, in: db, at: now, by: admin.userId)
            }
            return try Self.application(request.applicationId, in: db)
        }
    }

    static func isMerchant(_ userId: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id
                               WHERE ur.user_id = ? AND ur.is_active = 1 AND r.role_name = ?)
                """), arguments: [userId, RoleName.merchant]) ?? false
    }

    static func application(_ id: Int64, in db: Database) throws -> V4MerchantApplication {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM merchant_applications WHERE application_id = ?"), arguments: [id])
        else { throw V4Error(.merchantApplicationNotFound) }
        let userId: Int64 = row["user_id"]
        let applied: Date = row["applied_at"]
        let decided: Date? = row["decided_at"]
        return V4MerchantApplication(
            applicationId: id, userId: userId, businessName: row["business_name"], businessLicense: row["business_license"],
            contactPerson: row["contact_person"], contactPhone: row["contact_phone"], businessAddress: row["business_address"],
            reason: row["reason"], status: row["status"], isMerchant: try isMerchant(userId, in: db),
            appliedAt: Timestamp.beijing(applied), decidedAt: decided.map(Timestamp.beijing))
    }
}
