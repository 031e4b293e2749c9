import V4Contract
import BridgeKit
import Crypto
import GRDB
import Logging

/// Delivers SMS verification codes. Production deployments plug in their gateway here.
public protocol SMSSender: Sendable {
    func send(code: String, to mobile: String) async throws
}

/// The development sender: writes the code to the log, for demo and development deployments
/// where an operator reads it (and where the universal code is accepted anyway). Never used in
/// production: there codes go through a configured gateway, or are not sent at all.
public struct LogSMSSender: SMSSender {
    let logger: Logger
    public init(logger: Logger) { self.logger = logger }
    public func send(code: String, to mobile: String) async throws {
        logger.notice("verification code for \(MobileNumber.masked(mobile)): \(code)")
    }
}

/// Production without a gateway (`LEGACY_BRIDGE_SMS_URL`): sending fails with
/// `SMS_SERVICE_UNAVAILABLE`; the code is neither sent nor logged.
public struct UnconfiguredSMSSender: SMSSender {
    public init() {}
    public func send(code: String, to mobile: String) async throws { throw V4Error(.smsUnavailable) }
}

/// Issues and checks SMS verification codes: 6 digits, valid 300 s, resend after 60 s,
/// 5 wrong attempts burn the code (legacy §7.9, V1 send-code).
public struct VerificationCodes: Sendable {
    public static let lifetime = 300
    public static let resendInterval = 60
    public static let maxAttempts = 5
    /// The universal code both V4 docs accept in development and test (§2.2).
    public static let universalCode = "123456"

    let database: CoreDatabase
    let sender: any SMSSender
    let acceptsUniversalCode: Bool
    let clock: @Sendable () -> Date
    /// Keys the stored code hashes (HMAC-SHA256), derived from the server secret: a copied
    /// database alone does not give the codes away (an unkeyed hash of six digits is reversed
    /// by trying all million).
    let key: SymmetricKey

    /// The code-hash key for a server secret.
    static func key(fromSecret secret: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Array(secret.utf8)), info: Array("legacy-bridge verification codes v1".utf8),
            outputByteCount: 32)
    }

    public func send(to mobile: String) async throws -> V4CodeSent {
        var rng = SystemRandomNumberGenerator()
        let code = String(format: "%06d", Int.random(in: 0...999_999, using: &rng))
        let now = clock()
        let hash = hash(code, mobile: mobile)
        try await database.write { db in
            if let existing = try VerificationCodeRecord.fetchOne(db, key: mobile),
                now.timeIntervalSince(existing.sentAt) < Double(Self.resendInterval)
            {
                let wait = Self.resendInterval - Int(now.timeIntervalSince(existing.sentAt))
                throw V4Error(.rateLimitExceeded, "验证码发送过于频繁，请\(wait)秒后再试", data: ["can_resend": .int(Int64(wait))])
            }
            try VerificationCodeRecord(
                mobile: mobile, codeHash: hash, sentAt: now,
                expiresAt: now.addingTimeInterval(Double(Self.lifetime)), attempts: 0
            ).save(db)
        }
        do {
            try await sender.send(code: code, to: mobile)
        } catch {
            // Not sent: the number may ask again at once.
            _ = try? await database.write { db in
                try db.execute(sql: "DELETE FROM verification_codes WHERE mobile = ? AND code_hash = ?", arguments: [mobile, hash])
            }
            throw (error as? V4Error) ?? V4Error(.smsUnavailable)
        }
        return V4CodeSent(expire: Self.lifetime, canResend: Self.resendInterval)
    }

    /// True when `code` is the live code for `mobile` (consuming it), or the universal code in dev mode.
    public func check(_ code: String, for mobile: String) async throws -> Bool {
        if acceptsUniversalCode && code == Self.universalCode { return true }
        let now = clock()
        let hash = hash(code, mobile: mobile)
        return try await database.write { db in
            guard var record = try VerificationCodeRecord.fetchOne(db, key: mobile), record.expiresAt > now,
                record.attempts < Self.maxAttempts
            else { return false }
            if record.codeHash == hash {
                try record.delete(db)
                return true
            }
            record.attempts += 1
            try record.update(db)
            return false
        }
    }

    func hash(_ code: String, mobile: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array((mobile + ":" + code).utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }
}
