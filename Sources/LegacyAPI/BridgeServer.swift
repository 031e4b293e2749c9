import Hummingbird
import Logging
import NIOCore
import V4Core

/// Where the bridge's V4 core lives.
public enum CoreLocation: Sendable {
    /// The embedded core on SQLite (default); its `/api/v4` routes are served too.
    case embedded(CoreConfiguration)
    /// A real V4 deployment reached over HTTP.
    case upstream(url: String, timeout: TimeAmount)
}

public struct BridgeConfiguration: Sendable {
    public var core: CoreLocation
    public var mappingsDirectory: String
    /// Seed the demo data set (embedded core only).
    public var demo: Bool
    /// Admin password for the demo seed; generated when nil.
    public var demoAdminPassword: String?
    /// The embedded core's draw randomness (tests inject a seed); the system CSPRNG by default.
    public var randomness: any DrawRandomness

    public init(
        core: CoreLocation, mappingsDirectory: String, demo: Bool = false, demoAdminPassword: String? = nil,
        randomness: any DrawRandomness = SystemDrawRandomness()
    ) {
        self.core = core
        self.mappingsDirectory = mappingsDirectory
        self.demo = demo
        self.demoAdminPassword = demoAdminPassword
        self.randomness = randomness
    }
}

/// The assembled server: mappings loaded and validated, core wired, routes mounted.
public struct BridgeServer {
    public let router: Router<AppRequestContext>
    public let mappings: MappingSet
    public let metrics: BridgeMetrics
    public let engine: V4Engine?
    public let upstream: HTTPUpstreamTransport?
    public let demoReport: DemoSeeder.Report?

    /// Builds the server. Throws `MappingError` (file, line, reason) on a broken mapping.
    public static func build(_ configuration: BridgeConfiguration, logger: Logger) async throws -> BridgeServer {
        let registry = TranslationRegistry.standard
        let mappings = try MappingLoader(vocabulary: registry.vocabulary).load(directory: configuration.mappingsDirectory)
        let metrics = BridgeMetrics()
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: FallbackErrorMiddleware(mappings: mappings))
        router.add(middleware: RequestIDAdoptionMiddleware())

        var engine: V4Engine?
        var upstream: HTTPUpstreamTransport?
        var report: DemoSeeder.Report?
        let transport: any V4Transport
        let mode: String
        switch configuration.core {
        case .embedded(let coreConfiguration):
            let opened = try await V4Engine.open(coreConfiguration, randomness: configuration.randomness, logger: logger)
            if configuration.demo {
                report = try await DemoSeeder.seed(opened, adminPassword: configuration.demoAdminPassword)
            }
            opened.addRoutes(to: router)
            transport = InProcessTransport(engine: opened, logger: logger)
            engine = opened
            mode = "embedded"
        case .upstream(let url, let timeout):
            let http = HTTPUpstreamTransport(baseURL: url, timeout: timeout)
            transport = http
            upstream = http
            mode = "upstream"
        }
        router.addLegacyRoutes(mappings, registry: registry, core: V4Client(transport: transport))
        router.get("/health") { _, _ in
            LegacyEnvelope.success(msg: "success", data: ["status": "healthy", "core": .string(mode)])
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        return BridgeServer(
            router: router, mappings: mappings, metrics: metrics, engine: engine, upstream: upstream, demoReport: report)
    }

    /// Releases what the server holds (pooled upstream connections).
    public func shutdown() async {
        await upstream?.shutdown()
    }
}
