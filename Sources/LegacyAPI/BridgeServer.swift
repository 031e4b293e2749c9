import Hummingbird
import Logging
import NIOCore
import ServerKit
import V4Contract

/// Where the bridge's V4 core lives.
public enum CoreLocation: Sendable {
    /// A core in this process (the embedded one, wired in by `BridgeAssembly`): its transport,
    /// and the routes it serves itself (`/api/v4`).
    case inProcess(InProcessCore)
    /// A real V4 deployment reached over HTTP.
    case upstream(url: String, timeout: TimeAmount)
}

/// A V4 core running in this process, as the bridge needs it.
public struct InProcessCore: Sendable {
    public var transport: any V4Transport
    /// Mounts the core's own `/api/v4` routes on the bridge's router.
    public var mountRoutes: @Sendable (Router<AppRequestContext>) -> Void

    public init(transport: any V4Transport, mountRoutes: @escaping @Sendable (Router<AppRequestContext>) -> Void) {
        self.transport = transport
        self.mountRoutes = mountRoutes
    }
}

public struct BridgeConfiguration: Sendable {
    public var core: CoreLocation
    public var mappingsDirectory: String

    public init(core: CoreLocation, mappingsDirectory: String) {
        self.core = core
        self.mappingsDirectory = mappingsDirectory
    }
}

/// The assembled server: mappings loaded and validated, core reached, routes mounted.
public struct BridgeServer {
    public let router: Router<AppRequestContext>
    public let mappings: MappingSet
    public let metrics: BridgeMetrics
    public let upstream: HTTPUpstreamTransport?

    /// Builds the server. Throws `MappingError` (file, line, reason) on a broken mapping.
    public static func build(_ configuration: BridgeConfiguration, logger: Logger) async throws -> BridgeServer {
        let registry = TranslationRegistry.standard
        let mappings = try MappingLoader(vocabulary: registry.vocabulary).load(directory: configuration.mappingsDirectory)
        let metrics = BridgeMetrics()
        let router = Router(context: AppRequestContext.self)
        // The client's request id first, so the log line and the answer carry it.
        router.add(middleware: RequestIDAdoptionMiddleware())
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: FallbackErrorMiddleware(mappings: mappings))

        var upstream: HTTPUpstreamTransport?
        let transport: any V4Transport
        let mode: String
        switch configuration.core {
        case .inProcess(let core):
            core.mountRoutes(router)
            transport = core.transport
            mode = "embedded"
        case .upstream(let url, let timeout):
            let http = HTTPUpstreamTransport(baseURL: url, timeout: timeout)
            transport = http
            upstream = http
            mode = "upstream"
            // The core's stored files, at the same paths the answers give (`/files/<key>`).
            router.get("/files/**") { request, _ in try await http.file(request.uri.path) }
        }
        router.addLegacyRoutes(mappings, registry: registry, core: transport)
        router.get("/health") { _, _ in
            LegacyEnvelope.success(msg: "success", data: ["status": "healthy", "core": .string(mode)])
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        return BridgeServer(router: router, mappings: mappings, metrics: metrics, upstream: upstream)
    }

    /// Releases what the server holds (pooled upstream connections).
    public func shutdown() async {
        await upstream?.shutdown()
    }
}
