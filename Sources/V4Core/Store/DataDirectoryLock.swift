#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One serving process per data directory: an exclusive `flock` on `<data-dir>/legacy-bridge.lock`,
/// held while the engine lives. A second `serve` on the same directory stops at start-up with
/// this error instead of running with an in-memory session view the other process cannot see.
public final class DataDirectoryLock: Sendable {
    public struct InUse: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "the data directory is in use by another legacy-bridge process (lock \(path)); one server per data directory"
        }
    }

    let descriptor: Int32
    public let path: String

    public init(dataDirectory: String) throws {
        path = dataDirectory + "/legacy-bridge.lock"
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
