import BridgeKit
import Foundation
import GRDB
import ServerKit
import Testing
@testable import LegacyAPI

/// Property and fuzz-style tests of the parsers and formatters the translators rely on.
@Suite struct PropertyTests {
    /// Member levels from the shipped thresholds: monotone in the points, the boundaries where
    /// the table says, `points_to_next` always what is missing to the next level.
    @Test func memberLevels() throws {
        let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
        let levels = try #require(mappings.route("user.info")?.params["levels"])
        #expect(LegacyMemberLevel.level(accumulated: 0, levels: levels)["level_name"] == "普通会员")
        #expect(LegacyMemberLevel.level(accumulated: 999, levels: levels)["points_to_next"] == 1)
        #expect(LegacyMemberLevel.level(accumulated: 1000, levels: levels) == [
            "current_level": 2, "level_name": "铜牌会员", "next_level_points": 5000, "points_to_next": 4000,
        ])
        #expect(LegacyMemberLevel.level(accumulated: 80_000, levels: levels)["next_level_points"] == .null)
        #expect(LegacyMemberLevel.level(accumulated: -5, levels: levels)["current_level"] == 1)
        #expect(LegacyMemberLevel.level(accumulated: 10, levels: .array([])) == .null)
        var rng = SplitMix64(seed: 3)
        var previous: Int64 = 0
        for points in (0..<500).map({ _ in Int.random(in: 0...100_000, using: &rng) }).sorted() {
            let level = LegacyMemberLevel.level(accumulated: points, levels: levels)
            let current = try #require(level["current_level"]?.intValue)
            #expect(current >= previous)
            previous = current
            if let next = level["next_level_points"]?.intValue { #expect(level["points_to_next"]?.intValue == next - Int64(points)) }
        }
    }

    @Test func serialiseThenParseIsIdentity() throws {
        var rng = SplitMix64(seed: 20261122)
        for _ in 0..<2000 {
            let value = RandomJSON.value(&rng)
            let parsed = try JSONValue.parse(value.serialized())
            #expect(parsed.isEquivalent(to: value), "\(value.serialized())")
            #expect(parsed.serialized() == value.serialized(), "key order must survive a round trip")
            #expect(try JSONValue.parse(value.prettySerialized()).isEquivalent(to: value))
        }
    }

    @Test func foundationAgreesWithOurParser() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let value = RandomJSON.value(&rng)
            let text = value.serialized()
            // Foundation accepts everything we write…
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil, "\(text)")
            // …and its decoder reads the same value.
            let ours = try JSONValue.parse(text)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).isEquivalent(to: ours))
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var rng = SplitMix64(seed: 99)
        let alphabet = Array("{}[]\":,0123456789.eE+-truefalsn \\u\n".utf8) + [0xFF, 0xC3, 0x80]
        var parsedCount = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            if (try? JSONValue.parse(bytes)) != nil { parsedCount += 1 }
        }
        // Most random inputs are invalid; some are not. Neither may crash.
        #expect(parsedCount > 0)
    }

    @Test func mutatedValidDocumentsEitherParseOrThrow() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<3000 {
            var bytes = Array(RandomJSON.value(&rng).serialized().utf8)
            guard !bytes.isEmpty else { continue }
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0...2, using: &rng) {
            case 0: bytes.remove(at: index)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
            default: bytes[index] = UInt8.random(in: 0...255, using: &rng)
            }
            do {
                let value = try JSONValue.parse(bytes)
                // Whatever parses must serialise to something that parses to the same value.
                #expect(try JSONValue.parse(value.serialized()).isEquivalent(to: value))
            } catch {
                #expect(error is JSONParseError)
            }
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let ok = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? JSONValue.parse(ok)) != nil)
    }

    @Test func numbersCompareByValue() throws {
        #expect(try JSONValue.parse("58.5").isEquivalent(to: JSONValue.parse("58.50")))
        #expect(try JSONValue.parse("100").isEquivalent(to: JSONValue.parse("1e2")))
        #expect(try !JSONValue.parse("\"58.5\"").isEquivalent(to: JSONValue.parse("58.5")))
    }

    @Test func timestampsRoundTripInBothRenderings() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5000 {
            // 1970 … 2100, millisecond precision.
            let millis = Int64.random(in: 0...4_102_444_800_000, using: &rng)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let utc = Timestamp.utc(date)
            let beijing = Timestamp.beijing(date)
            #expect(Timestamp.parse(utc).map(Timestamp.utc) == utc)
            #expect(Timestamp.parse(beijing).map(Timestamp.utc) == utc, "\(beijing)")
            #expect(utc.count == 24 && utc.hasSuffix("Z"))
            #expect(beijing.hasSuffix("+08:00"))
        }
    }

    @Test func requestIdentifiersHaveTheV4FormAndDoNotRepeat() {
        var seen = Set<String>()
        let alphanumerics = Set("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for _ in 0..<20_000 {
            let id = RequestIdentifier.make()
            let bytes = Array(id.utf8)
            #expect(bytes.count == 19 && id.hasPrefix("req_") && bytes[12] == UInt8(ascii: "_"), "\(id)")
            #expect(bytes[4..<12].allSatisfy { (48...57).contains($0) }, "\(id)")
            #expect(bytes[13...].allSatisfy(alphanumerics.contains), "\(id)")
            seen.insert(id)
        }
        // 36^6 suffixes per millisecond: 20,000 ids may share a few, not many.
        #expect(seen.count > 19_990)
    }

    @Test func timestampAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SplitMix64(seed: 3)
        for _ in 0..<1000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_000_000_000_000, using: &rng)) / 1000)
            #expect(formatter.date(from: Timestamp.utc(date)) == Timestamp.parse(Timestamp.utc(date)))
        }
    }

    @Test(arguments: [
        ("2025-07-03T16:15:00.000Z", "2025-07-03T16:15:00.000Z"),
        ("2025-10-04T09:15:30+08:00", "2025-10-04T01:15:30.000Z"),
        ("2025-09-24T01:50:31.000+08:00", "2025-09-23T17:50:31.000Z"),
        ("2024-12-19 14:30:00", "2024-12-19T14:30:00.000Z"),
        ("2025-01-02T12:00:00Z", "2025-01-02T12:00:00.000Z"),
        ("2024-02-29T23:59:59.9999Z", "2024-02-29T23:59:59.999Z"),
    ])
    func documentedTimeFormatsParse(_ text: String, _ utc: String) {
        #expect(Timestamp.parse(text).map(Timestamp.utc) == utc)
    }

    @Test(arguments: ["", "2025-13-01", "2025-02-30T00:00:00Z", "0000-00-00 00:00:00", "2025-07-03T25:00:00Z", "yesterday",
                      "2025-07-03T16:15:00.Z", "2025-07-03T16:15:00+0800x"])
    func invalidTimesAreRejected(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func mobileMasking() {
        #expect(MobileNumber.masked("13800138000") == "138****8000")
        #expect(MobileNumber.masked("admin_admin") == "admin_admin")
        #expect(MobileNumber.isValid("13800138000"))
        #expect(!MobileNumber.isValid("23800138000"))
        #expect(!MobileNumber.isValid("1380013800"))
        #expect(!MobileNumber.isValid("１３８００１３８０００"))
    }
}

/// The store's date text written by hand is what GRDB writes for the same instant, so query
/// arguments passed as text compare exactly like `Date` arguments.
@Suite struct DatabaseDateTextTests {
    @Test func matchesGRDBsOwnEncoding() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let millis = Double(random.next() % 4_102_444_800_000) / 1000
            let date = Date(timeIntervalSince1970: millis.rounded(.down))
            let grdb = try #require(String.fromDatabaseValue(date.databaseValue))
            #expect(Timestamp.database(date) == grdb, "\(date)")
        }
    }
}
