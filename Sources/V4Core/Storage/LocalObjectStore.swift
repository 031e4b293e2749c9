import BridgeKit

/// Objects as files under one directory (`<data-dir>/objects`), written to a temporary name and
/// renamed, so a reader never sees half a file. Mode 0600: the server serves them, nobody else.
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
        let temporary = path + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw Failure.writeFailed(key)
        }
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
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
