import BridgeKit

/// Money in legacy answers: yuan as a JSON number (`58.5` for 5850 fen; the docs print
/// `58.50`, which is the same number to `JSON.parse`).
enum LegacyMoney {
    static func yuan(cents: Int?) -> JSONValue {
        guard let cents else { return .null }
        return cents % 100 == 0 ? .int(Int64(cents / 100)) : .double(Double(cents) / 100)
    }

    static func yuan(_ amount: Double?) -> JSONValue {
        guard let amount else { return .null }
        return yuan(cents: Int((amount * 100).rounded()))
    }
}
