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
