import BridgeKit

/// Legacy responses carry UTC with milliseconds and `Z` (`2025-07-03T16:15:00.000Z`), the
/// dominant format of the legacy docs; V4 sends Beijing time with an offset.
enum LegacyTime {
    static func from(v4 text: String?) -> JSONValue {
        guard let text, let date = Timestamp.parse(text) else { return .null }
        return .string(Timestamp.utc(date))
    }

    static func now(_ date: Date) -> JSONValue { .string(Timestamp.utc(date)) }
}
