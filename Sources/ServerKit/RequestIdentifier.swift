import BridgeKit
import Synchronization

/// Request ids in the V4 [A] format: `req_` + 8 digits + `_` + 6 lowercase alphanumerics.
public enum RequestIdentifier {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A SplitMix64 stream shared by every thread: one `getrandom` for its seed at start-up,
    /// then an atomic step per id (a `getrandom` call per id was a syscall per request). The ids
    /// correlate log lines; nothing relies on them being unguessable.
    private static let stream = Atomic<UInt64>({
        var system = SystemRandomNumberGenerator()
        return system.next()
    }())

    /// `req_<last 8 digits of the epoch milliseconds>_<6 of [a-z0-9]>`, written straight into
    /// the string.
    public static func make() -> String {
        var mixer = SplitMix64(seed: stream.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue)
        var random = mixer.next()
        var millis = UInt64(Date().timeIntervalSince1970 * 1000) % 100_000_000
        return String(unsafeUninitializedCapacity: 19) { buffer in
            for (i, byte) in "req_".utf8.enumerated() { buffer[i] = byte }
            for i in stride(from: 11, through: 4, by: -1) {
                buffer[i] = UInt8(48 + millis % 10)
                millis /= 10
            }
            buffer[12] = 0x5F
            for i in 13..<19 {
                buffer[i] = alphabet[Int(random % 36)]
                random /= 36
            }
            return 19
        }
    }

    /// Accepts a caller's id only if it is short and printable, so logs cannot be forged.
    public static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
