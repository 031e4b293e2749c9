import Logging
import ServerKit
import Synchronization
import Testing

/// The server's log handler writes the lines swift-log's `StreamLogHandler` writes; it only
/// renders the metadata later.
@Suite struct DeferredMetadataLogHandlerTests {
    final class Lines: TextOutputStream, Sendable {
        let written = Mutex<[String]>([])
        func write(_ string: String) { written.withLock { $0.append(string) } }
        /// Without the leading timestamp (whole seconds: two handlers may straddle one).
        var bodies: [String] { written.withLock { $0 }.map { String($0.drop { $0 != " " }) } }
    }

    func log(_ factory: @escaping @Sendable (String) -> any LogHandler) {
        var logger = Logger(label: "legacy-bridge", factory: factory)
        logger.logLevel = .notice
        logger[metadataKey: "hb.request.id"] = "req_1"
        logger[metadataKey: "a"] = .string("first")
        logger.info("below the level")
        logger.notice("GET /api/user/status 200", metadata: ["route": "/api/user/status"])
        logger[metadataKey: "a"] = nil
        logger.error("upstream down")
    }

    @Test func theLinesAreStreamLogHandlersLines() {
        let stream = Lines(), deferred = Lines()
        log { StreamLogHandler(label: $0, stream: stream) }
        log { DeferredMetadataLogHandler(StreamLogHandler(label: $0, stream: deferred)) }
        #expect(deferred.bodies.count == 2)
        #expect(deferred.bodies == stream.bodies)
        #expect(deferred.bodies.first?.contains("a=first hb.request.id=req_1 route=/api/user/status") == true)
    }
}
