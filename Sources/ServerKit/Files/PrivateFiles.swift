#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data directory holds unmasked mobiles, the admin's password hash, session ids and the
/// token secret: what the server creates there is its owner's alone, from the moment it exists.
public enum PrivateFiles {
    /// Every file and directory this process creates from now on is owner-only (0600 files,
    /// 0700 directories): the database with its WAL and SHM (SQLite creates them with 0644 less
    /// the umask), the secret's temporary file before its rename, stored uploads. Set before
    /// anything is opened, so no file is ever briefly readable by others.
    public static func restrictNewFiles() {
        umask(0o077)
    }

    /// A warning when `directory` exists and other users may read or enter it (the files in
    /// it are 0600, but their names and sizes are visible and a 0644 file copied in is not).
    public static func exposureWarning(for directory: String) -> String? {
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "data directory \(directory) is accessible to other users (mode \(mode)); `chmod 700 \(directory)`"
    }
}
