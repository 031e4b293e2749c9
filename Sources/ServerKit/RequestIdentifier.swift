#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Request ids in the V4 [A] format: `req_` + 8 digits + `_` + 6 lowercase alphanumerics.
public enum RequestIdentifier {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    public static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let digits = String(UInt64(Date().timeIntervalSince1970 * 1000) % 100_000_000)
        let padded = String(repeating: "0", count: 8 - digits.count) + digits
        let suffix = String((0..<6).map { _ in alphabet.randomElement(using: &rng)! })
        return "req_\(padded)_\(suffix)"
    }

    /// Accepts a caller's id only if it is short and printable, so logs cannot be forged.
    public static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
