import Foundation
@testable import LegacyAPI
import Testing

/// The SQLite store's profiles in memory: a change is seen at once, a read that raced a change
/// never puts the older row back, and the store answers the same with and without the copy.
@Suite struct ProfileCacheTests {
    @Test func aReadThatRacedAChangeIsNotRemembered() {
        let cache = ProfileCache()
        let before = cache.lookup(7)
        #expect(before.known == nil)
        // A change commits while the read that missed is still reading the old row.
        cache.forget(7)
        cache.remember(BridgeProfile(userId: 7, nickname: "old", avatar: nil), of: 7, readAfter: before.changes)
        #expect(cache.lookup(7).known == nil)
        // A read with nothing changing meanwhile is remembered, "no profile" included.
        let other = cache.lookup(8)
        cache.remember(nil, of: 8, readAfter: other.changes)
        #expect(cache.lookup(8).known == .some(nil))
    }

    @Test func theCacheIsBounded() {
        let cache = ProfileCache(capacity: 3)
        for user in Int64(1)...10 {
            cache.remember(nil, of: user, readAfter: cache.lookup(user).changes)
        }
        #expect((1...10).filter { cache.lookup(Int64($0)).known != nil }.count <= 3)
    }

    @Test func theStoreAnswersTheSameWithItsCopyAndFromTheFile() async throws {
        // Blocking work (SQLite, concurrentPerform) on a thread of its own, not the test pool's.
        try await OffPool.run { try Self.storeAgreesWithItsFile() }
    }

    static func storeAgreesWithItsFile() throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteBridgeStore(directory: directory)
        #expect(try store.profile(of: 1) == nil)
        #expect(try store.profile(of: 1) == nil)  // remembered as none
        _ = try store.updateProfile(of: 1, nickname: "甲", avatar: nil, at: Date())
        #expect(try store.profile(of: 1)?.nickname == "甲")
        _ = try store.updateProfile(of: 1, nickname: nil, avatar: "/files/bridge/a.png", at: Date())
        let cached = try store.profile(of: 1)
        #expect(cached == BridgeProfile(userId: 1, nickname: "甲", avatar: "/files/bridge/a.png"))
        // A second handle beside it (the `merchants` command's) reads the file, no copy.
        let beside = try SQLiteBridgeStore(directory: directory, exclusive: false)
        #expect(beside.profiles == nil)
        #expect(try beside.profile(of: 1) == cached)
        // Concurrent changes and reads end on the file's last change. A stress test, not a
        // proof: a copy set after each change's transaction once kept the older of two
        // changes here, under the whole suite's load.
        for round in 0..<20 {
            DispatchQueue.concurrentPerform(iterations: 40) { i in
                if i % 2 == 0 { _ = try? store.updateProfile(of: 2, nickname: "n\(round)-\(i)", avatar: nil, at: Date()) } else { _ = try? store.profile(of: 2) }
            }
            let final = try beside.profile(of: 2)
            #expect(try store.profile(of: 2) == final, "round \(round)")
        }
    }
}
