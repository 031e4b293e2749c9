/// Reads legacy DATETIME text (`YYYY-MM-DD HH:MM:SS[.ffffff]`, also `T`-separated or date
/// only) and renders it as the unified schema's UTC text `YYYY-MM-DD HH:MM:SS.SSS`.
///
/// Written by hand rather than with a date formatter: it runs for every row, and MySQL's zero
/// dates (`0000-00-00 …`, `2024-00-10 …`) must be told apart from text that is not a date.
public struct LegacyDateTime: Sendable {
    public enum Reading: Equatable, Sendable {
        case date(String)
        /// A zero year, month or day, or the empty string.
        case zero
        case invalid
    }

    /// Seconds east of UTC of the legacy server's wall clock.
    public let offsetSeconds: Int

    public init(offsetSeconds: Int = 0) { self.offsetSeconds = offsetSeconds }

    /// Parses `+08:00`, `-05:30`, `Z` or `UTC`.
    public init?(zone: String) {
        if zone == "Z" || zone.uppercased() == "UTC" { self.init(offsetSeconds: 0); return }
        let bytes = Array(zone.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
            let hours = Int(String(zone.dropFirst().prefix(2))), let minutes = Int(String(zone.suffix(2))),
            hours <= 14, minutes < 60
        else { return nil }
        let sign = bytes[0] == UInt8(ascii: "-") ? -1 : 1
        self.init(offsetSeconds: sign * (hours * 3600 + minutes * 60))
    }

    public func read(_ value: LegacyValue) -> Reading {
        switch value {
        case .null: return .zero
        case .integer, .decimal, .bytes: return .invalid
        case .text(let text): return read(text)
        }
    }

    public func read(_ text: String) -> Reading {
        var text = text
        return text.withUTF8 { read(bytes: $0) }
    }

    private func read(bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        if end == 0 { return .zero }
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= end else { return nil }
            var value = 0
            for index in start..<start + count {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), end >= 10, bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = digits(8, 2)
        else { return .invalid }
        var hour = 0, minute = 0, second = 0, millis = 0
        if end > 10 {
            guard bytes[10] == 0x20 || bytes[10] == UInt8(ascii: "T"), let h = digits(11, 2), end >= 19,
                bytes[13] == UInt8(ascii: ":"), let m = digits(14, 2), bytes[16] == UInt8(ascii: ":"), let s = digits(17, 2)
            else { return .invalid }
            (hour, minute, second) = (h, m, s)
            var index = 19
            if index < end, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var scale = 100
                let fractionStart = index
                while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    millis += Int(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
                guard index > fractionStart else { return .invalid }
            }
            if index < end, bytes[index] == UInt8(ascii: "Z") { index += 1 }
            guard index == end else { return .invalid }
        }
        if year == 0 || month == 0 || day == 0 { return .zero }
        guard month <= 12, day <= Self.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else {
            return .invalid
        }
        var seconds = Self.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        seconds -= offsetSeconds
        return .date(Self.render(seconds: seconds, millis: millis))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func render(seconds: Int, millis: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int, at start: Int, width: Int) {
            var value = value
            for index in stride(from: start + width - 1, through: start, by: -1) {
                bytes[index] = UInt8(0x30 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        bytes[10] = 0x20
        put(secondOfDay / 3600, at: 11, width: 2)
        bytes[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, at: 14, width: 2)
        bytes[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, at: 17, width: 2)
        bytes[19] = UInt8(ascii: ".")
        put(millis, at: 20, width: 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
