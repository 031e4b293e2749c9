import BridgeKit

/// One value read from a row (a MariaDB column or a dump's literal), as the source spelled it.
///
/// Numbers with a fraction stay text (`decimal`) so DECIMAL(10,2) money converts to fen exactly.
public enum MariaDBValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case decimal(String)
    case text(String)
    /// `_binary '…'`, `0x…` literals, BLOBs and text that is not UTF-8.
    case bytes([UInt8])

    public var isNull: Bool { self == .null }

    /// The value as text (NULL → nil); bytes are decoded leniently.
    public var text: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .decimal(let value), .text(let value): value
        case .bytes(let value): String(decoding: value, as: UTF8.self)
        }
    }

    /// The value as an integer when it is one (`'12'` and `12.00` included).
    public var integer: Int64? {
        switch self {
        case .integer(let value): return value
        case .decimal(let value), .text(let value):
            let trimmed = value.trimmingWhitespace
            if let whole = Int64(trimmed) { return whole }
            if let dot = trimmed.firstIndex(of: "."), trimmed[trimmed.index(after: dot)...].allSatisfy({ $0 == "0" }) {
                return Int64(trimmed[..<dot])
            }
            return nil
        case .null, .bytes: return nil
        }
    }
}
