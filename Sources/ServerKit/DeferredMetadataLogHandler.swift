import Logging

/// A log handler that renders its metadata only when a line is written.
///
/// swift-log's `StreamLogHandler` renders (sorts and joins) its metadata every time a key is set.
/// The server sets one on every request (the request id), so with lines below the log level
/// that rendering was paid per request for nothing (1.5 % of the bridge's CPU per proxied call,
/// Docs/performance.md). This handler keeps the metadata as it is and hands it to a
/// `StreamLogHandler` for each line it writes: the lines are the same.
public struct DeferredMetadataLogHandler: LogHandler {
    private let writer: StreamLogHandler
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    public init(_ writer: StreamLogHandler) {
        self.writer = writer
        self.logLevel = writer.logLevel
    }

    /// Standard error, as swift-log's default handler writes.
    public static func standardError(label: String) -> DeferredMetadataLogHandler {
        DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { writer.metadataProvider }
        set {}
    }

    public func log(event: LogEvent) {
        var line = writer
        line.logLevel = logLevel
        line.metadata = metadata
        line.log(event: event)
    }
}
