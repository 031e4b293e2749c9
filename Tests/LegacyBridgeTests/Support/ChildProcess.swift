import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that run the `legacy-bridge` binary,
/// the `mariadb` client or Chromium. Foundation's `Process` crashed the whole test run in CI
/// (a segfault inside `Process.run()` while it walked the parent's descriptors, with ~1,400
/// open because socket tests ran in parallel); here the child gets exactly stdin, stdout and
/// stderr and every other descriptor is closed by the spawn itself (`addclosefrom_np`).
struct ChildProcess: Sendable {
    enum Termination: Equatable, Sendable {
        case exit(Int32)
        case signal(Int32)
    }

    /// Where the child's standard input comes from and its output goes.
    enum Input: Sendable { case null, file(String) }
    enum Output: Sendable {
        /// Both streams discarded.
        case null
        /// stdout and stderr into one pipe, read through `output`.
        case merged
        /// stdout into the pipe, stderr discarded.
        case stdoutOnly
        /// stderr into the pipe, stdout discarded.
        case stderrOnly
    }

    let pid: pid_t
    /// The read end of the output pipe (nil for `.null`); the caller reads it to end of file.
    let output: FileHandle?

    struct SpawnFailure: Error, CustomStringConvertible {
        let executable: String
        let code: Int32
        var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`. A nil
    /// `environment` inherits this process's.
    static func spawn(_ executable: String, _ arguments: [String], directory: String? = nil,
                      environment: [String: String]? = nil, input: Input = .null,
                      output: Output = .merged) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        switch input {
        case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        }
        var readEnd: Int32 = -1, writeEnd: Int32 = -1
        if case .null = output {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw SpawnFailure(executable: executable, code: errno) }
            // Close-on-exec so no other child inherits them (a spawn elsewhere closes them anyway).
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            readEnd = ends[0]
            writeEnd = ends[1]
            let toPipe: [Int32] = switch output {
            case .merged: [1, 2]
            case .stdoutOnly: [1]
            case .stderrOnly: [2]
            case .null: []
            }
            for target in [Int32(1), 2] {
                if toPipe.contains(target) {
                    posix_spawn_file_actions_adddup2(&actions, ends[1], target)
                } else {
                    posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
                }
            }
        }
        if let directory {
            guard let addChdir = GNUSpawn.addChdir else { throw SpawnFailure(executable: executable, code: ENOSYS) }
            _ = addChdir(&actions, directory)
        }
        guard let addClosefrom = GNUSpawn.addClosefrom else { throw SpawnFailure(executable: executable, code: ENOSYS) }
        _ = addClosefrom(&actions, 3)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let pairs = environment.map { $0.map { "\($0.key)=\($0.value)" } }
            ?? ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let envp = pairs.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }

        var pid: pid_t = 0
        let code = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, nil, argv, envp)
            : posix_spawnp(&pid, executable, &actions, nil, argv, envp)
        // The parent keeps only the read end, so end of file arrives when the child exits.
        if writeEnd >= 0 { close(writeEnd) }
        let handle = readEnd >= 0 ? FileHandle(fileDescriptor: readEnd, closeOnDealloc: true) : nil
        guard code == 0 else { throw SpawnFailure(executable: executable, code: code) }
        return ChildProcess(pid: pid, output: handle)
    }

    /// Blocks until the child ends (retrying when a signal interrupts the wait).
    func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Self.termination(status)
    }

    /// The child's end, if it has ended; reaps it.
    func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid ? Self.termination(status) : nil
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Runs to completion and returns how it ended and everything it wrote (blocking: call
    /// through `OffPool.run`).
    static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                    environment: [String: String]? = nil, input: Input = .null,
                    output: Output = .merged) throws -> (termination: Termination, output: String) {
        let child = try spawn(executable, arguments, directory: directory, environment: environment,
                              input: input, output: output)
        let data = child.output.map { PipeReader.readAll($0) } ?? Data()
        return (child.wait(), String(decoding: data, as: UTF8.self))
    }

    private static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
    }
}

/// glibc's spawn extensions (2.29 and 2.34), which Swift's Glibc module does not import because
/// they sit behind _GNU_SOURCE; looked up once by name.
private enum GNUSpawn {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}

extension ChildProcess.Termination {
    /// The exit status, or 128 + the signal number, as a shell reports it.
    var status: Int32 {
        switch self {
        case .exit(let code): code
        case .signal(let number): 128 + number
        }
    }
}
