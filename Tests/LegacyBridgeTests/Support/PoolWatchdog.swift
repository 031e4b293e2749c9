import Foundation
import NIOConcurrencyHelpers

/// Test-run diagnostics. Every test and every test server share the cooperative pool (as many
/// threads as cores: two on CI), and twice a CI run failed when the whole pool stopped for
/// 10-20 s. The watchdog sees that happen: a task on the pool beats every 100 ms, and a plain
/// thread reports on stderr when the beat stops for 3 s and again when it resumes, with what
/// the kernel says each of the process's threads is doing (`/proc/self/task`: state R running,
/// S sleeping, D waiting on the disk, and the kernel function it waits in). It asserts nothing
/// and costs one wake-up a tenth of a second.
final class PoolWatchdog: Sendable {
    /// Started by the first test that builds a server or a scratch directory.
    static let shared = PoolWatchdog()

    private let lastBeat = NIOLockedValueBox(ContinuousClock.now)
    private let started = ContinuousClock.now
    static let threshold: Duration = .seconds(3)

    private init() {
        Task.detached { [lastBeat] in
            while true {
                try? await Task.sleep(for: .milliseconds(100))
                lastBeat.withLockedValue { $0 = .now }
            }
        }
        let thread = Thread { [self] in watch() }
        thread.name = "pool-watchdog"
        thread.start()
    }

    /// Makes sure the watchdog runs.
    static func start() { _ = shared }

    private func watch() {
        var reported = false
        while true {
            Thread.sleep(forTimeInterval: 0.25)
            let silent = ContinuousClock.now - lastBeat.withLockedValue { $0 }
            if silent > Self.threshold, !reported {
                reported = true
                report("cooperative pool silent for \(seconds(silent)) s at \(seconds(ContinuousClock.now - started)) s into the run\n"
                       + Self.threads())
            } else if silent < .milliseconds(500), reported {
                reported = false
                report("cooperative pool answering again at \(seconds(ContinuousClock.now - started)) s")
            }
        }
    }

    private func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    private func report(_ text: String) {
        FileHandle.standardError.write(Data("[pool-watchdog] \(text)\n".utf8))
    }

    /// One line per thread that is not simply asleep in a futex or an epoll wait, and a count of those that are.
    static func threads() -> String {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var asleep: [String: Int] = [:]
        var lines: [String] = []
        for task in tasks.sorted() {
            let base = "/proc/self/task/\(task)"
            let name = ((try? String(contentsOfFile: base + "/comm", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
            let wchan = (try? String(contentsOfFile: base + "/wchan", encoding: .utf8)) ?? "?"
            let stat = (try? String(contentsOfFile: base + "/stat", encoding: .utf8)) ?? ""
            // The state follows the parenthesised name, which may itself hold spaces.
            let state = stat.range(of: ") ").map { String(stat[$0.upperBound...].prefix(1)) } ?? "?"
            if state == "S", wchan.contains("futex") || wchan.contains("epoll") || wchan.contains("poll") {
                asleep["\(wchan)", default: 0] += 1
            } else {
                lines.append("  thread \(task) \(name): state \(state), in \(wchan)")
            }
        }
        let sleeping = asleep.sorted { $0.key < $1.key }.map { "\($0.value) in \($0.key)" }.joined(separator: ", ")
        return (lines + ["  asleep: \(sleeping)"]).joined(separator: "\n")
    }
}
