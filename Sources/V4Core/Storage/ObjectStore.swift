/// Where uploaded bytes live. Keys are chosen by the core (`photos/2026-12-01/<sha256>.jpg`),
/// never by a client. The default is a directory under the data dir (`LocalObjectStore`); an
/// S3-compatible store (V4's Sealos) fits the same three calls.
public protocol ObjectStore: Sendable {
    func put(_ bytes: [UInt8], key: String, contentType: String) async throws
    /// The bytes and content type, nil when there is no such object.
    func get(_ key: String) async throws -> (bytes: [UInt8], contentType: String)?
    func delete(_ key: String) async throws
}

/// A key the stores accept: lower-case letters, digits, `-`, `_`, `.` segments joined by `/`,
/// no empty or dot-only segment (so no key leaves the store's root).
public enum ObjectKey {
    public static func isValid(_ key: String) -> Bool {
        guard !key.isEmpty, key.utf8.count <= 200 else { return false }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != "..", !segment.hasPrefix(".") else { return false }
            guard segment.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 })
            else { return false }
        }
        return true
    }
}
