#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders and parses the time formats the two APIs use, without locale-dependent formatters.
///
/// V4 renders Beijing time with an offset (`2025-10-04T09:15:30.000+08:00`); the legacy API
/// renders UTC with milliseconds and `Z` (`2025-07-03T16:15:00.000Z`); the database stores UTC.
public enum Timestamp {
    /// Beijing is UTC+8 all year (no daylight saving since 1991).
    public static let beijingOffsetSeconds = 8 * 3600

    /// `2025-10-04T09:15:30.000+08:00`
    public static func beijing(_ date: Date) -> String {
        render(date, offsetSeconds: beijingOffsetSeconds, suffix: "+08:00")
    }

    /// `2025-07-03T16:15:00.000Z`
    public static func utc(_ date: Date) -> String {
        render(date, offsetSeconds: 0, suffix: "Z")
    }

    /// `2025-07-03 16:15:00.000`: an instant as the store keeps dates (UTC; GRDB's format), for
    /// query arguments on hot paths, where a `Date` argument would go through a formatter.
    public static func database(_ date: Date) -> String {
        var text = render(date, offsetSeconds: 0, suffix: "")
        if let t = text.firstIndex(of: "T") { text.replaceSubrange(t...t, with: " ") }
        return text
    }

    /// `2025-07-03` in Beijing time: the calendar day a restaurant customer lives in.
    public static func beijingDay(_ date: Date) -> String {
        String(beijing(date).prefix(10))
    }

    private static func render(_ date: Date, offsetSeconds: Int, suffix: String) -> String {
        // Nearest millisecond: epoch doubles such as 1.139 are stored as 1.13899…
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(offsetSeconds) * 1000
        var days = totalMillis / 86_400_000
        var msOfDay = totalMillis % 86_400_000
        if msOfDay < 0 { msOfDay += 86_400_000; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, ms = msOfDay % 1000
        guard (0...9999).contains(y) else {
            return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))\(suffix)"
        }
        // Digits written straight into the string's storage: every response renders a few of
        // these, and the interpolation of padded strings was 2.6 % of `/api/user/info`.
        let tail = Array(suffix.utf8)
        return String(unsafeUninitializedCapacity: 23 + tail.count) { buffer in
            var i = 0
            func put(_ value: Int64, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    buffer[i + k] = UInt8(48 + v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ byte: UInt8) {
                buffer[i] = byte
                i += 1
            }
            put(y, 4); put(0x2D); put(m, 2); put(0x2D); put(d, 2); put(0x54)
            put(h, 2); put(0x3A); put(mi, 2); put(0x3A); put(s, 2); put(0x2E); put(ms, 3)
            for byte in tail { put(byte) }
            return i
        }
    }

    /// Parses ISO 8601 date-times with or without fraction and offset, and the legacy
    /// `YYYY-MM-DD HH:mm:ss` form (taken as UTC, the database convention). Returns nil otherwise.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<i + digits {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            i += digits
            return v
        }
        func take(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let y = number(4), take("-"), let mo = number(2), take("-"), let d = number(2) else { return nil }
        guard (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d) else { return nil }
        var seconds: Int64 = 0
        var millis: Int64 = 0
        var offset: Int64 = 0
        if i < b.count {
            guard take("T") || take(" ") else { return nil }
            guard let h = number(2), take(":"), let mi = number(2), take(":"), let s = number(2),
                h < 24, mi < 60, s < 61
            else { return nil }
            seconds = h * 3600 + mi * 60 + s
            if take(".") {
                var digits = 0
                var fraction: Int64 = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { fraction = fraction * 10 + Int64(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                if digits < 3 { for _ in digits..<3 { fraction *= 10 } }
                millis = fraction
            }
            if take("Z") {
                offset = 0
            } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = take(":")
                guard let om = number(2), oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
            guard i == b.count else { return nil }
        }
        let days = daysFromCivil(y, mo, d)
        let epochMillis = (days * 86400 + seconds - offset) * 1000 + millis
        return Date(timeIntervalSince1970: Double(epochMillis) / 1000)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// (year, month, day) of a count of days since 1970-01-01.
    public static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
