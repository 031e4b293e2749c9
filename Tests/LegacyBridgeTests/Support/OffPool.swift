import Foundation

/// Runs blocking work (waiting on a child process, sleeping a thread) on a thread of its own, so
/// it never holds one of the cooperative pool's threads: there are as many as cores (two here),
/// and a test blocking them starved every other test's requests past their 20 s read deadline.
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

/// Reads a pipe with `read(2)`, retrying on EINTR. Foundation's `readDataToEndOfFile` and
/// `availableData` end in `try!` and crash the whole test process when a signal (a child
/// exiting: SIGCHLD) interrupts the read; CI hit it once.
enum PipeReader {
    /// Everything until end of file.
    static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        readChunks(handle) { data.append($0) }
        return data
    }

    /// Calls `chunk` with each piece read, until end of file or an error other than EINTR.
    static func readChunks(_ handle: FileHandle, _ chunk: (Data) -> Void) {
        let fd = handle.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                chunk(Data(buffer[0..<count]))
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Reads `handle` on a thread of its own, handing each chunk to `chunk`.
    static func follow(_ handle: FileHandle, _ chunk: @escaping @Sendable (Data) -> Void) {
        Thread { readChunks(handle, chunk) }.start()
    }
}
