import V4Contract
import BridgeKit
import Crypto
import GRDB
import Logging
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Delivers SMS verification codes. Production deployments plug in their gateway here.
public protocol SMSSender: Sendable {
    func send(code: String, to mobile: String) async throws
}

/// The default sender: writes the code to the log, for demo and development deployments
/// where an operator reads it (and where the universal code is accepted anyway).
public struct LogSMSSender: SMSSender {
    let logger: Logger
    public init(logger: Logger) { self.logger = logger }
    public func send(code: String, to mobile: String) async throws {
        logger.notice("verification code for \(MobileNumber.masked(mobile)): \(code)")
    }
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

    public func send(to mobile: String) async throws -> V4CodeSent {
        var rng = SystemRandomNumberGenerator()
        let code = String(format: "%06d", Int.random(in: 0...999_999, using: &rng))
        let now = clock()
        let hash = Self.hash(code, mobile: mobile)
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
        try await sender.send(code: code, to: mobile)
        return V4CodeSent(expire: Self.lifetime, canResend: Self.resendInterval)
    }

    /// True when `code` is the live code for `mobile` (consuming it), or the universal code in dev mode.
    public func check(_ code: String, for mobile: String) async throws -> Bool {
        if acceptsUniversalCode && code == Self.universalCode { return true }
        let now = clock()
        let hash = Self.hash(code, mobile: mobile)
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

    static func hash(_ code: String, mobile: String) -> String {
        SHA256.hash(data: Array((mobile + ":" + code).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
