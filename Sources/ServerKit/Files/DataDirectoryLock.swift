#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One serving process per data directory: an exclusive `flock` on `<data-dir>/<name>` (the
/// core's `legacy-bridge.lock`, the bridge store's `bridge-state.lock`), held while its owner
/// lives. A second `serve` on the same directory stops at start-up with this error instead of
/// running beside a process whose in-memory state it cannot see.
public final class DataDirectoryLock: Sendable {
    public struct InUse: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "the data directory is in use by another legacy-bridge process (lock \(path)); one server per data directory"
        }
    }

    let descriptor: Int32
    public let path: String

    public init(dataDirectory: String, name: String = "legacy-bridge.lock") throws {
        path = dataDirectory + "/" + name
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw InUse(path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw InUse(path: path)
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
