import Hummingbird
import LegacyAPI
import Logging
import ServerKit
import V4Core

/// What an embedded bridge is built from: the core's configuration and the bridge's.
public struct EmbeddedBridgeConfiguration: Sendable {
    public var core: CoreConfiguration
    public var mappingsDirectory: String
    /// Seed the demo data set.
    public var demo: Bool
    /// Admin password for the demo seed; generated when nil.
    public var demoAdminPassword: String?
    /// The core's draw randomness (tests inject a seed); the system CSPRNG by default.
    public var randomness: any DrawRandomness
    /// What the deployment configured for the legacy API (the D1-B admin key).
    public var deployment: LegacyDeployment
    /// `serve --profile`: the profile for requests no selection rule matches.
    public var defaultProfile: String? = nil
    /// Timeouts, the connection cap and the head size of the server.
    public var limits = ServerLimits()
    /// Where verification codes go (`HTTPSMSSender`); nil: logged in development, refused in production.
    public var smsSender: (any SMSSender)? = nil
    /// Beside the old v2.1 backend (`serve --shadow`/`--primary`).
    public var shadow: ShadowSettings? = nil
    /// Where requests are answered (`serve --answer-on`).
    public var answerPath: AnswerPath = .asyncChannel

    public init(
        core: CoreConfiguration, mappingsDirectory: String, demo: Bool = false, demoAdminPassword: String? = nil,
        randomness: any DrawRandomness = SystemDrawRandomness(), deployment: LegacyDeployment = LegacyDeployment()
    ) {
        self.deployment = deployment
        self.core = core
        self.mappingsDirectory = mappingsDirectory
        self.demo = demo
        self.demoAdminPassword = demoAdminPassword
        self.randomness = randomness
    }
}

/// The bridge with the embedded V4 core wired in: the core opened on its data directory (and
/// seeded with `--demo`), its `/api/v4` routes mounted, the legacy routes calling it in
/// process. `LegacyAPI` itself knows only the contract.
public struct EmbeddedBridge {
    public let server: BridgeServer
    public let engine: V4Engine
    public let demoReport: DemoSeeder.Report?

    public var router: Router<AppRequestContext> { server.router }
    public var mappings: MappingSet { server.mappings }

    public static func build(_ configuration: EmbeddedBridgeConfiguration, logger: Logger) async throws -> EmbeddedBridge {
        // One bus: the core raises its events after commit, the bridge's sockets hear them.
        let events = LocalEventBus()
        let engine = try await V4Engine.open(
            configuration.core, smsSender: configuration.smsSender, randomness: configuration.randomness, events: events,
            logger: logger)
        let report = configuration.demo ? try await DemoSeeder.seed(engine, adminPassword: configuration.demoAdminPassword) : nil
        let core = InProcessCore(transport: engine.transport(logger: logger), mountRoutes: { engine.addRoutes(to: $0) })
        var bridge = BridgeConfiguration(
            core: .inProcess(core), mappingsDirectory: configuration.mappingsDirectory, events: events,
            deployment: configuration.deployment, defaultProfile: configuration.defaultProfile)
        bridge.limits = configuration.limits
        bridge.shadow = configuration.shadow
        bridge.answerPath = configuration.answerPath
        let server = try await BridgeServer.build(bridge, logger: logger)
        return EmbeddedBridge(server: server, engine: engine, demoReport: report)
    }
}
