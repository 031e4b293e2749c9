import BridgeKit
#if canImport(Glibc)
import Glibc
#endif

/// Objects as files under one directory (`<data-dir>/objects`), written to a temporary name and
/// renamed, so a reader never sees half a file. Mode 0600: the server serves them, nobody else.
/// Keys are content-addressed (a digest of the bytes), so an object already there is the same
/// object: `put` succeeds without writing, and two identical uploads at once both succeed (the
/// rename replaces atomically); a temporary file never outlives its `put`.
public struct LocalObjectStore: ObjectStore {
    public let root: String

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    public enum Failure: Error { case invalidKey(String), writeFailed(String) }

    func path(_ key: String) throws -> String {
        guard ObjectKey.isValid(key) else { throw Failure.invalidKey(key) }
        return root + "/" + key
    }

    public func put(_ bytes: [UInt8], key: String, contentType: String) async throws {
        let path = try path(key)
        let directory = String(path[..<path.lastIndex(of: "/")!])
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if FileManager.default.fileExists(atPath: path) { return }
        let temporary = path + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            unlink(temporary)
            throw Failure.writeFailed(key)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure.writeFailed(key)
        }
    }

    public func get(_ key: String) async throws -> (bytes: [UInt8], contentType: String)? {
        guard ObjectKey.isValid(key), let data = FileManager.default.contents(atPath: try path(key)) else { return nil }
        return (Array(data), ImageFormat.contentType(forKey: key))
    }

    public func delete(_ key: String) async throws {
        let path = try path(key)
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    }
}
