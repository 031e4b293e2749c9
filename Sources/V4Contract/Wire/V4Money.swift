import BridgeKit

/// Consumption amounts: yuan as the clients send them (`"58.50"`, `58.5`, `58`), fen inside.
public enum V4Money {
    /// 10000.00 yuan: the largest receipt amount (D1-B 0.01–10000.00).
    public static let maxCents = 1_000_000

    /// Fen of a yuan amount with at most two decimals; nil for anything else.
    public static func cents(_ value: JSONValue) -> Int? {
        switch value {
        case .string(let text): return cents(text: text)
        case .int(let yuan): return (0...Int64(Int32.max)).contains(yuan) ? Int(yuan) * 100 : nil
        case .double(let yuan):
            guard yuan.isFinite, yuan >= 0, yuan < 1e9 else { return nil }
            let scaled = (yuan * 100).rounded()
            return abs(yuan * 100 - scaled) < 1e-6 ? Int(scaled) : nil
        default: return nil
        }
    }

    /// `"58"`, `"58.5"`, `"58.50"` → fen; signs, exponents, spaces inside, more than two
    /// decimals or nine integer digits are not amounts.
    public static func cents(text: String) -> Int? {
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...9).contains(whole.count),
            whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        var fen = Int(whole)! * 100
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            fen += Int(fraction)! * (fraction.count == 1 ? 10 : 1)
        }
        return fen
    }

    /// A required amount in 0.01–10000.00 yuan: `INVALID_AMOUNT` when absent, malformed or
    /// zero, `AMOUNT_TOO_LARGE` above the maximum.
    public static func requiredAmount(_ value: JSONValue?) throws(V4Error) -> Int {
        guard let value, value != .null, let fen = cents(value), fen > 0 else { throw V4Error(.invalidAmount) }
        guard fen <= maxCents else { throw V4Error(.amountTooLarge) }
        return fen
    }

    /// Fen as yuan text with two decimals (`5850` → `"58.50"`).
    public static func yuanText(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100)." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
