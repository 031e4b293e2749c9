/// DECIMAL(10,2) money as whole fen, parsed exactly from its decimal text.
public enum LegacyMoney {
    /// `"58.50"` → 5850, `"58"` → 5800, `"0.5"` → 50; nil for anything else, including a third
    /// non-zero fraction digit (a DECIMAL(10,2) column cannot hold one).
    public static func cents(_ value: LegacyValue) -> Int64? {
        switch value {
        case .integer(let whole): return whole.multipliedReportingOverflow(by: 100).overflow ? nil : whole * 100
        case .decimal(let text), .text(let text): return cents(text.trimmingWhitespace)
        case .null, .bytes: return nil
        }
    }

    static func cents(_ text: String) -> Int64? {
        var negative = false
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDot = false
        var seenDigit = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: "+") where index == 0: break
            case UInt8(ascii: ".") where !seenDot: seenDot = true
            case 0x30...0x39:
                seenDigit = true
                let digit = Int64(byte - 0x30)
                if seenDot {
                    fractionDigits += 1
                    if fractionDigits <= 2 { fraction = fraction * 10 + digit } else if digit != 0 { return nil }
                } else {
                    guard whole < 100_000_000_000 else { return nil }
                    whole = whole * 10 + digit
                }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let cents = whole * 100 + fraction
        return negative ? -cents : cents
    }

    /// The amount as a Double (for REAL columns such as `original_price`).
    public static func double(_ value: LegacyValue) -> Double? {
        switch value {
        case .integer(let whole): Double(whole)
        case .decimal(let text), .text(let text): Double(text.trimmingWhitespace)
        case .null, .bytes: nil
        }
    }
}
