import V4Contract
import BridgeKit
import GRDB
import HummingbirdBcrypt
import NIOPosix

/// Creates admin users with username/password credentials for the legacy hidden admin login.
public enum AdminAccounts {
    public static let bcryptCost: UInt8 = 10

    /// A random password of 16 characters from an unambiguous alphabet.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &rng)! })
    }

    /// What bcrypt can hold exactly: 1–72 bytes of UTF-8 without NUL (it reads a C string and
    /// ignores everything past byte 72).
    public static func isStorable(_ password: String) -> Bool {
        let bytes = password.utf8
        return !bytes.isEmpty && bytes.count <= 72 && !bytes.contains(0)
    }

    /// Creates (or resets the password of) the admin `username`: a user with the admin and merchant
    /// roles, the pseudo-mobile `admin_<username>` the legacy docs show, and no points.
    @discardableResult
    public static func upsert(
        username: String, password: String, in database: CoreDatabase, at time: Date, cost: UInt8 = bcryptCost
    ) async throws -> Int64 {
        guard isStorable(password) else {
            throw V4Error(.invalidParameter, "管理员密码须为1-72字节且不含NUL字符")
        }
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
        return try await database.write { db in
            let mobile = "admin_\(username)"
            var user: UserRecord
            if let existing = try UserRecord.filter(UserRecord.Columns.mobile == mobile).fetchOne(db) {
                user = existing
            } else {
                user = UserRecord(mobile: mobile, nickname: "管理员_\(username)", createdAt: time)
                try user.insert(db)
            }
            let userId = user.userId!
            for role in [RoleName.user, RoleName.merchant, RoleName.admin] {
                try UserDirectory.grant(role, to: userId, in: db, at: time)
            }
            _ = try PointsLedger.account(for: userId, in: db, at: time)
            try AdminCredentialRecord(username: username, userId: userId, passwordHash: hash, createdAt: time).save(db)
            return userId
        }
    }
}
