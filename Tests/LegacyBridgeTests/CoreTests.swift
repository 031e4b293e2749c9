import BridgeKit
import Foundation
import GRDB
import Testing
import V4Core

/// The V4 core's ledger and auth, directly.
@Suite struct CoreTests {
    static func engine(_ directory: String = TestBridge.temporaryDirectory()) async throws -> V4Engine {
        try await V4Engine.open(TestBridge.coreConfiguration(directory), logger: TestBridge.logger)
    }

    @Test func concurrentDebitsNeverOverdrawAndTheLedgerSumsToTheBalance() async throws {
        let engine = try await Self.engine()
        let now = Date()
        let userId = try await engine.database.write { db in
            try UserDirectory.findOrCreate(mobile: "13700137000", registrationBonus: 500, in: db, at: now).0.userId!
        }
        // 40 debits of 50 and 10 credits of 30 race on a 500-point account.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<50 {
                group.addTask {
                    let entry = PointsEntry(
                        userId: userId, direction: i % 5 == 0 ? .earn : .consume, amount: i % 5 == 0 ? 30 : 50,
                        businessType: "test", sourceType: "test", title: "race \(i)")
                    do {
                        _ = try await engine.database.write { db in try PointsLedger.post(entry, in: db, at: Date()) }
                        return true
                    } catch let error as V4Error where error.code == .insufficientPoints {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.contains(false), "some debits must have been refused")
        let (account, rows) = try await engine.database.read { db in
            (try PointsAccountRecord.filter(Column("user_id") == userId).fetchOne(db)!,
             try PointsTransactionRecord.filter(Column("user_id") == userId).order(Column("record_id")).fetchAll(db))
        }
        #expect(account.availablePoints >= 0)
        #expect(rows.map(\.signedAmount).reduce(0, +) == account.availablePoints)
        #expect(rows.last?.balanceAfter == account.availablePoints)
        #expect(account.totalEarned - account.totalConsumed == account.availablePoints)
        // Every row continues from the previous one.
        for (previous, row) in zip(rows, rows.dropFirst()) {
            #expect(row.balanceBefore == previous.balanceAfter)
        }
    }

    @Test func debitBeyondBalanceReportsRequiredAndCurrent() async throws {
        let engine = try await Self.engine()
        let now = Date()
        let userId = try await engine.database.write { db in
            try UserDirectory.findOrCreate(mobile: "13700137001", registrationBonus: 200, in: db, at: now).0.userId!
        }
        await #expect(throws: V4Error(.insufficientPoints, "积分不足，需要500积分，当前200积分",
                                      data: ["required_points": 500, "current_points": 200])) {
            try await engine.database.write { db in
                try PointsLedger.post(
                    PointsEntry(userId: userId, direction: .consume, amount: 500, businessType: "t", sourceType: "t", title: "t"),
                    in: db, at: now)
            }
        }
    }

    @Test func jwtSecretIsGeneratedPerDataDirectoryAndKept() throws {
        let a = TestBridge.temporaryDirectory(), b = TestBridge.temporaryDirectory()
        let first = try SecretStore.jwtSecret(dataDirectory: a, environment: [:])
        #expect(first.count == 64)
        #expect(try SecretStore.jwtSecret(dataDirectory: a, environment: [:]) == first)
        #expect(try SecretStore.jwtSecret(dataDirectory: b, environment: [:]) != first)
        let fromEnvironment = try SecretStore.jwtSecret(
            dataDirectory: a, environment: ["LEGACY_BRIDGE_JWT_SECRET": "environment-secret-value-of-32-bytes+"])
        #expect(fromEnvironment == "environment-secret-value-of-32-bytes+")
        #expect(throws: SecretStore.TooShort.self) {
            try SecretStore.jwtSecret(dataDirectory: a, environment: ["JWT_SECRET": "short"])
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: a + "/jwt-secret")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func universalCodeOnlyInDevelopmentMode() async throws {
        let directory = TestBridge.temporaryDirectory()
        var configuration = TestBridge.coreConfiguration(directory)
        configuration.mode = .production
        let engine = try await V4Engine.open(configuration, logger: TestBridge.logger)
        await #expect(throws: V4Error(.invalidVerificationCode)) {
            _ = try await engine.auth.login(mobile: "13800138000", verificationCode: "123456")
        }
        await #expect(throws: V4Error(.permissionDenied, "快速登录仅在开发环境可用")) {
            _ = try await engine.auth.quickLogin(mobile: "13800138000")
        }
    }

    @Test func sentCodeWorksOnceAndWrongCodesBurnIt() async throws {
        let directory = TestBridge.temporaryDirectory()
        var configuration = TestBridge.coreConfiguration(directory)
        configuration.mode = .production
        let sms = CapturingSMS()
        let engine = try await V4Engine.open(configuration, smsSender: sms, logger: TestBridge.logger)
        _ = try await engine.auth.sendCode(mobile: "13800138000")
        let code = try #require(await sms.last)
        let grant = try await engine.auth.login(mobile: "13800138000", verificationCode: code)
        #expect(grant.user.mobile == "13800138000")
        await #expect(throws: V4Error(.invalidVerificationCode)) {
            _ = try await engine.auth.login(mobile: "13800138000", verificationCode: code)
        }
    }

    @Test func logoutRevokesAccessAndRefresh() async throws {
        let engine = try await Self.engine()
        let grant = try await engine.auth.login(mobile: "13800138000", verificationCode: "123456")
        let identity = try await engine.auth.authenticate(accessToken: grant.accessToken)
        _ = try await engine.auth.logout(identity)
        await #expect(throws: V4Error(.tokenInvalid, "Token已失效，请重新登录")) {
            _ = try await engine.auth.authenticate(accessToken: grant.accessToken)
        }
        await #expect(throws: V4Error(.invalidRefreshToken)) {
            _ = try await engine.auth.refresh(refreshToken: grant.refreshToken)
        }
    }

    @Test func tokensFromAnotherKeyOrOfTheWrongKindAreRefused() async throws {
        let engine = try await Self.engine()
        let grant = try await engine.auth.login(mobile: "13800138000", verificationCode: "123456")
        await #expect(throws: V4Error(.tokenInvalid)) { _ = try await engine.auth.authenticate(accessToken: grant.refreshToken) }
        let other = await TokenService(secret: "some-other-secret-0123456789-abcdefghij", accessTTL: 60, refreshTTL: 60)
        let forged = try await other.issue(.access, userId: grant.user.userId, sessionId: "x", jti: "y")
        await #expect(throws: V4Error(.tokenInvalid)) { _ = try await engine.auth.authenticate(accessToken: forged) }
        // Flip one character of the signature.
        var tampered = Array(grant.accessToken)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        await #expect(throws: V4Error(.tokenInvalid)) { _ = try await engine.auth.authenticate(accessToken: String(tampered)) }
    }
}

actor CapturingSMS: SMSSender {
    var last: String?
    func send(code: String, to mobile: String) async throws { last = code }
}
