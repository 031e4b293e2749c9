import BridgeKit
import Foundation
import Testing
@testable import Migration

@Suite("legacy values: dates and money")
struct LegacyValueTests {
    @Test("legacy DATETIME text → UTC text, zero dates told apart from garbage")
    func dates() {
        let utc = LegacyDateTime()
        #expect(utc.read("2025-07-03 14:30:00") == .date("2025-07-03 14:30:00.000"))
        #expect(utc.read("2025-07-03T14:30:00.123456Z") == .date("2025-07-03 14:30:00.123"))
        #expect(utc.read("2025-07-03") == .date("2025-07-03 00:00:00.000"))
        #expect(utc.read("0000-00-00 00:00:00") == .zero)
        #expect(utc.read("2024-00-10 00:00:00") == .zero)
        #expect(utc.read("") == .zero)
        #expect(utc.read("2025-02-30 00:00:00") == .invalid)
        #expect(utc.read("yesterday") == .invalid)
        let beijing = LegacyDateTime(zone: "+08:00")!
        #expect(beijing.read("2025-01-01 03:00:00") == .date("2024-12-31 19:00:00.000"))
    }

    @Test("property: every valid second of 1970-2100 round-trips through the civil-day arithmetic")
    func dateProperty() {
        var random = SplitMix64(seed: 9)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for _ in 0..<5000 {
            let seconds = Int(random.next() % 4_102_444_800)
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(LegacyDateTime().read(text) == .date(text + ".000"))
            let shifted = LegacyDateTime(offsetSeconds: 8 * 3600).read(text)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds - 8 * 3600))) + ".000"
            #expect(shifted == .date(expected))
        }
    }

    @Test("money: DECIMAL(10,2) text → exact fen")
    func money() {
        #expect(LegacyMoney.cents(.decimal("58.50")) == 5850)
        #expect(LegacyMoney.cents(.decimal("0.01")) == 1)
        #expect(LegacyMoney.cents(.decimal("9999.99")) == 999_999)
        #expect(LegacyMoney.cents(.decimal("-12.5")) == -1250)
        #expect(LegacyMoney.cents(.integer(58)) == 5800)
        #expect(LegacyMoney.cents(.text("58.505")) == nil)
        #expect(LegacyMoney.cents(.text("58.500")) == 5850)
        #expect(LegacyMoney.cents(.text("abc")) == nil)
        var random = SplitMix64(seed: 5)
        for _ in 0..<5000 {
            let cents = Int64(random.next() % 10_000_000_000) - 5_000_000_000
            let text = (cents < 0 ? "-" : "") + "\(abs(cents) / 100).\(String(format: "%02d", abs(cents) % 100))"
            #expect(LegacyMoney.cents(.decimal(text)) == cents)
        }
    }
}
