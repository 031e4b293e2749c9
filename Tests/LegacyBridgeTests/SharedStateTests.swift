import BridgeKit
import Foundation
import HTTPTypes
import LegacyAPI
import Logging
import NIOCore
import ServerKit
import Testing
import V4Contract

/// The pieces several instances share: the stored form of an answer, the event log's reader,
/// and (against a real MariaDB) the store's replay claims and event log under races.
@Suite struct SharedStateTests {
    @Test func anAnswerReadsBackExactlyFromItsStoredForm() {
        var random = SplitMix64(seed: 23)
        for _ in 0..<200 {
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[HTTPField.Name("Legacy-Replayed")!] = random.next() % 2 == 0 ? "true" : "x: y"
            let body = (0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let answer = LegacyAnswer(status: .init(code: 200 + Int(random.next() % 300)), headers: headers, body: ByteBuffer(bytes: body))
            let back = LegacyAnswer(stored: answer.stored)
            #expect(back?.status == answer.status && back?.headers == answer.headers && back?.body == answer.body)
        }
        #expect(LegacyAnswer(stored: Array("200\r\nno end".utf8)) == nil)
        #expect(LegacyAnswer(stored: Array("abc\r\n\r\n".utf8)) == nil)
    }

    /// Ids committed out of order are delivered once, late; a gap nobody fills is given up.
    @Test func theEventLogReaderDeliversLateIdsOnceAndForgetsRolledBackOnes() {
        var cursor = GapCursor(start: 10)
        let start = ContinuousClock.now
        var taken: [Bool] = []
        func take(_ id: Int64) { taken.append(cursor.take(id, at: start)) }
        take(9)
        take(13)
        #expect(taken == [false, true], "before the start: not delivered")
        #expect(cursor.missing == [11, 12] && cursor.highest == 13)
        take(12)
        take(12)
        take(13)
        #expect(taken.suffix(3) == [true, false, false], "a late id once")
        #expect(cursor.missing == [11])
        cursor.forget(olderThan: start.advanced(by: .seconds(1)))
        take(11)
        #expect(cursor.missing.isEmpty && taken.last == false, "a rolled-back gap is given up")
        var big = GapCursor(start: 0)
        let jumped = big.take(50_000, at: start)
        #expect(jumped && big.missing.count == 10_000, "bounded")
    }
}

#if MySQL
import MariaDB

@Suite("The bridge store on MariaDB", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LEGACY_BRIDGE_TEST_MARIADB_SOCKET"] != nil))
struct MySQLBridgeStoreTests {
    static func store() async throws -> MySQLBridgeStore {
        try MySQLBridgeStore(location: try await MariaDBMigrationTests.database("bridge_store", fixtures: false))
    }

    /// Sixteen instances claim one write key at once: exactly one runs it; the others see it
    /// running, then its answer; a refusal's claim is dropped so a repeat runs again.
    @Test func oneClaimWinsAndItsAnswerReachesTheOthers() async throws {
        let store = try await Self.store()
        let location = store.location
        let now = Date()
        let claims = try await withThrowingTaskGroup(of: SharedReplayClaim.self) { group in
            for index in 0..<16 {
                group.addTask {
                    // Each its own store object (its own connections), as separate instances have.
                    try await OffPool.run { try MySQLBridgeStore(location: location).claim("k1", instance: "i\(index)", lease: .seconds(60), now: now) }
                }
            }
            return try await group.reduce(into: [SharedReplayClaim]()) { $0.append($1) }
        }
        let won = claims.filter { if case .claimed = $0 { true } else { false } }.count
        #expect(won == 1 && claims.count == 16)
        let answer = LegacyEnvelope.successAnswer(msg: "抽奖成功", data: ["remaining_points": 900])
        try store.finish("k1", answer: answer, window: .seconds(60), now: now)
        guard case .done(let kept) = try store.claim("k1", instance: "late", lease: .seconds(60), now: now) else {
            Issue.record("the answer is kept")
            return
        }
        #expect(kept.body == answer.body && kept.status == answer.status)
        #expect(try store.kept("k1", now: now)?.body == answer.body)
        #expect(try store.kept("k1", now: now.addingTimeInterval(61)) == nil, "past the window")
        if case .claimed = try store.claim("k1", instance: "later", lease: .seconds(60), now: now.addingTimeInterval(61)) {} else {
            Issue.record("an expired answer is taken over")
        }
        // A refusal drops the claim: the repeat runs.
        if case .claimed = try store.claim("k2", instance: "a", lease: .seconds(60), now: now) {} else { Issue.record("k2 claimed") }
        try store.finish("k2", answer: nil, window: .seconds(60), now: now)
        if case .claimed = try store.claim("k2", instance: "b", lease: .seconds(60), now: now) {} else { Issue.record("k2 claimed again") }
    }

    /// Two instances' buses on one log: each hears the other's events once, never its own twice.
    @Test func eventsRaisedOnOneBusReachTheOther() async throws {
        let store = try await Self.store()
        let logger = Logger(label: "test")
        let a = SharedEventBus(log: store, instance: "a", interval: .milliseconds(20), logger: logger)
        let b = SharedEventBus(log: try MySQLBridgeStore(location: store.location), instance: "b", interval: .milliseconds(20), logger: logger)
        let heardOnA = HitCounter(), heardOnB = HitCounter()
        let subscriptions = [a.subscribe { _ in heardOnA.add() }, b.subscribe { _ in heardOnB.add() }]
        defer { subscriptions.forEach { $0.cancel() } }
        let runs = [Task { await a.run() }, Task { await b.run() }]
        defer { runs.forEach { $0.cancel() } }
        try await Task.sleep(for: .milliseconds(100))
        let event = V4Event.pointsChanged(V4PointsChange(
            userId: 4, balanceBefore: 1000, balanceAfter: 900, reason: "抽奖消耗", source: "lottery", at: Date(timeIntervalSince1970: 1_700_000_000)))
        for _ in 0..<25 { a.publish(event) }
        for _ in 0..<25 { b.publish(event) }
        let deadline = ContinuousClock.now + .seconds(10)
        while (heardOnA.value < 50 || heardOnB.value < 50) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(heardOnA.value == 50 && heardOnB.value == 50, "\(heardOnA.value) / \(heardOnB.value)")
        #expect(a.counts.appended == 25 && a.counts.received == 25 && b.counts.received == 25)
    }
}

final class HitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
#endif
