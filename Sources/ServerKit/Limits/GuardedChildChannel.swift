import HummingbirdCore
import Logging
import NIOCore

/// A server child channel with `ConnectionGuard` first in every connection's pipeline, in front
/// of the HTTP (or WebSocket-upgrading) channel Hummingbird builds.
public struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Inner.Value
    let inner: Inner
    let limits: ServerLimits
    let counter: ConnectionGuard.Counter

    public init(_ inner: Inner, limits: ServerLimits, counter: ConnectionGuard.Counter) {
        self.inner = inner
        self.limits = limits
        self.counter = counter
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits, counter: counter))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    public func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
