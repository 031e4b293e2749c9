import NIOCore

/// Swift Concurrency's jobs run on one NIO event loop: a task started with this as its executor
/// preference runs its nonisolated code on the loop of the connection it answers, so the
/// answer's writes and the V4 call's I/O (opened on the same loop) never change threads.
///
/// Nothing that blocks may run on it: a blocking call stalls every connection of the loop.
public final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    public let loop: any EventLoop

    public init(_ loop: any EventLoop) {
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
