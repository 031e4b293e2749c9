import BridgeKit

/// What a nickname may be: 1–50 characters after trimming, none of them a control character
/// (C0, DEL, C1: NUL and friends break logs and C clients) or a bidirectional control (U+202A–E,
/// U+2066–9, U+200E/F, U+061C: they reorder what other users and the admin pages display, the
/// "Trojan Source" trick). Refused rather than stripped: the client learns its input was not
/// taken, and a stored name is always what its owner typed (Docs/operations.md).
enum Nickname {
    static let maxLength = 50

    static func normalised(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maxLength else { return nil }
        guard !trimmed.unicodeScalars.contains(where: isForbidden) else { return nil }
        return trimmed
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
