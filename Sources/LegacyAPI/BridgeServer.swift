import Hummingbird
import BridgeKit
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServerKit
import ResponseDiff
import V4Contract

/// Where the bridge's V4 core lives.
public enum CoreLocation: Sendable {
    /// A core in this process (the embedded one, wired in by `BridgeAssembly`): its transport,
    /// and the routes it serves itself (`/api/v4`).
    case inProcess(InProcessCore)
    /// A real V4 deployment reached over HTTP.
    case upstream(url: String, timeout: TimeAmount)

    /// Whether the core's own routes are mounted on this server.
    var isInProcess: Bool {
        if case .inProcess = self { return true }
        return false
    }
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
    /// Where events reach the sockets. An embedded core raises its own onto the same bus; in
    /// front of a remote core the bridge raises those of the calls it translates.
    public var events: any EventBus
    /// What this deployment configured for the legacy API (the D1-B admin key).
    public var deployment: LegacyDeployment
    /// The profile a request gets when no selection rule matches (`serve --profile`); nil: the
    /// one `profiles.yaml` names, else `union`.
    public var defaultProfile: String? = nil
    /// Timeouts, the connection cap and the head size (Docs/operations.md).
    public var limits = ServerLimits()
    /// How long a write's first answer is replayed to its repeats (`--replay-window`; zero: never).
    public var replayWindow: Duration = .seconds(60)
    /// Legacy ids of rows the migrator merged into V4 under new ids (`serve --legacy-ids`).
    public var legacyIds = LegacyIdMap()
    /// The bridge's own store (`serve --core URL`: `<data-dir>/bridge` or `--state DIR`): what the
    /// V4 behind the bridge cannot hold (a profile's nickname and avatar in front of 003's V4).
    public var state: (any BridgeStore)? = nil
    /// In front of a remote V4: poll documented reads for changes made elsewhere, for the users
    /// with a socket here (`serve --watch-interval`, `--watch-budget`); nil: no watching.
    public var watch: ChangeWatcher.Settings? = nil
    /// Beside the old v2.1 backend (`serve --shadow URL` / `--primary URL`); nil: alone.
    public var shadow: ShadowSettings? = nil
    /// The client of the V4 calls in front of an `http://` V4 (`serve --upstream-client`).
    public var upstreamClient: UpstreamClientKind = .lean
    /// Where requests are answered (`serve --answer-on`).
    public var answerPath: AnswerPath = .asyncChannel

    public init(
        core: CoreLocation, mappingsDirectory: String, events: any EventBus = LocalEventBus(),
        deployment: LegacyDeployment = LegacyDeployment(), defaultProfile: String? = nil
    ) {
        self.core = core
        self.mappingsDirectory = mappingsDirectory
        self.events = events
        self.deployment = deployment
        self.defaultProfile = defaultProfile
    }
}

/// The assembled server: mappings loaded and validated, core reached, routes mounted.
public struct BridgeServer {
    public let router: Router<AppRequestContext>
    public let mappings: MappingSet
    public let metrics: BridgeMetrics
    public let upstream: HTTPUpstreamTransport?
    /// The legacy sockets (nil when Mappings have no `realtime:` section).
    public let sockets: SocketHub?
    /// Changes made outside the bridge, polled for this instance's sockets (run it: `watcher?.run()`).
    public let watcher: ChangeWatcher?
    /// Live comparison with the old backend (run it: `shadow?.run()`); nil without `--shadow`/`--primary`.
    public let shadow: ShadowTraffic?
    let socketUpgrade: LegacySocketUpgrade?
    public let limits: ServerLimits
    public let answerPath: AnswerPath
    /// Connections open now (against `limits.maxConnections`).
    public let connections = ConnectionGuard.Counter()

    /// Builds the server. Throws `MappingError` (file, line, reason) on a broken mapping.
    public static func build(_ configuration: BridgeConfiguration, logger: Logger) async throws -> BridgeServer {
        let registry = TranslationRegistry.standard
        var mappings = try MappingLoader(vocabulary: registry.vocabulary).load(directory: configuration.mappingsDirectory)
        if let name = configuration.defaultProfile {
            guard let profiles = mappings.profiles.withDefault(name) else {
                throw MappingError(file: "--profile", line: 0, column: 0, reason: "unknown profile '\(name)' (known: \(mappings.profiles.profiles.keys.sorted().joined(separator: ", ")))")
            }
            mappings.profiles = profiles
        }
        let metrics = BridgeMetrics()
        let router = Router(context: AppRequestContext.self)
        // The client's request id first, so the log line and the answer carry it.
        router.add(middleware: RequestIDAdoptionMiddleware())
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        // Outside the error middleware, so it sees every answer a client gets.
        let shadow = try configuration.shadow.map { settings in
            ShadowTraffic(
                settings: settings, mappings: mappings, rules: try DiffRulesLoader.load(directory: configuration.mappingsDirectory),
                metrics: metrics, logger: logger, trustedProxies: configuration.deployment.trustedProxies)
        }
        if let shadow { router.add(middleware: ShadowMiddleware(traffic: shadow)) }
        // Filled from the router's own list once every route below is added.
        let routes = SharedRouteTable()
        router.add(middleware: FallbackErrorMiddleware(mappings: mappings, routes: routes))

        var upstream: HTTPUpstreamTransport?
        var transport: any V4Transport
        let mode: String
        switch configuration.core {
        case .inProcess(let core):
            core.mountRoutes(router)
            transport = core.transport
            mode = "embedded"
        case .upstream(let url, let timeout):
            let http = HTTPUpstreamTransport(baseURL: url, timeout: timeout, observer: metrics, client: configuration.upstreamClient)
            transport = http
            upstream = http
            mode = "upstream"
            // The core's stored files, at the same paths the answers give (`/files/<key>`).
            router.get("/files/**") { request, _ in try await http.file(request.uri.path) }
        }
        if !configuration.legacyIds.isEmpty {
            transport = LegacyIdTransport(inner: transport, map: configuration.legacyIds)
        }
        if let state = configuration.state {
            transport = BridgeStoreTransport(
                inner: transport, store: state, clock: { Date() }, service: configuration.deployment.coreAdmin,
                topsUpReviewPoints: configuration.deployment.topsUpLegacyReviewPoints)
            // The files the bridge holds (avatars), ahead of the core's `/files/**`.
            router.get("/files/bridge/**") { request, _ -> Response in
                let key = String(request.uri.path.dropFirst(BridgeStoreTransport.filesPrefix.count))
                guard BridgeStoreTransport.isFileKey(key), let file = try state.file(key) else { return Response(status: .notFound) }
                var headers = HTTPFields()
                headers[.contentType] = file.contentType
                headers[.cacheControl] = "public, max-age=31536000, immutable"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
        }
        // A remote core raises no events the bridge can hear: the bridge raises those of the calls it translates.
        let raiser = transport.callsAreRemote ? configuration.events : nil
        router.addLegacyRoutes(
            mappings, registry: registry, core: transport, events: raiser, deployment: configuration.deployment,
            profiles: mappings.profiles, metrics: metrics, replays: ReplayStore(window: configuration.replayWindow, shared: configuration.state as? any SharedReplays))
        let health = UpstreamHealth(upstream: upstream)
        let legacyIdCount = configuration.legacyIds.count
        let serviceSession = configuration.deployment.coreAdmin
        let storeKind: JSONValue? = configuration.state.map { $0 is any SharedReplays ? "mysql" : "sqlite" }
        router.get("/health") { _, _ in
            let report = health.report()
            var data: JSONObject = ["status": .string(report.status), "core": .string(mode)]
            if legacyIdCount > 0 { data["legacy_ids"] = .int(Int64(legacyIdCount)) }
            if let storeKind { data["bridge_store"] = storeKind }
            // The service session's last failure to renew, for an operator's alert.
            if let serviceSession {
                data["service_session"] = await serviceSession.lastFailure.map { .string("failing: " + $0) } ?? "ok"
            }
            if let detail = report.upstream { data["upstream"] = detail }
            var answer = LegacyEnvelope.successAnswer(msg: "success", data: .object(data))
            if report.status == "unhealthy" { answer.status = .serviceUnavailable }
            return answer.response
        }
        // What this server answers, described from the mappings it loaded (and the core's V4
        // operations when they are mounted here).
        var described = OpenAPIDocument.build(mappings, v4: configuration.core.isInProcess ? V4API.all : []).serializedBytes()
        described.append(UInt8(ascii: "\n"))
        router.get(RouterPath(OpenAPIDocument.path)) { [described] _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: described)))
        }
        let hub = mappings.realtime.map { SocketHub(spec: $0, mappings: mappings, bus: configuration.events) }
        let upgrade = hub.map {
            LegacySocketUpgrade(hub: $0, core: transport, spec: $0.spec, trustedProxies: configuration.deployment.trustedProxies)
        }
        let metricsAccess = MetricsAccess(
            token: configuration.deployment.metricsToken, trustedProxies: configuration.deployment.trustedProxies)
        let breaker = upstream?.breaker
        if let shadow {
            // The differ's reports of the live comparison (`legacy-bridge shadow report`), as
            // guarded as `/metrics`: `?format=json|html|junit|text`.
            router.get("/shadow/report") { request, context in
                guard metricsAccess.allows(request, peer: context.peerAddress) else { return Response(status: .notFound) }
                return ShadowReportFormat.response(shadow.report(), format: request.uri.queryParameters.get("format") ?? "json")
            }
        }
        router.get("/metrics") { request, context in
            guard metricsAccess.allows(request, peer: context.peerAddress) else {
                return Response(status: .notFound)
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.render(sockets: hub?.counts, breaker: breaker))))
        }
        routes.load(from: router)
        let watcher: ChangeWatcher? = if let hub, let settings = configuration.watch, transport.callsAreRemote {
            ChangeWatcher(hub: hub, core: transport, bus: configuration.events, settings: settings, logger: logger)
        } else {
            nil
        }
        return BridgeServer(
            router: router, mappings: mappings, metrics: metrics, upstream: upstream, sockets: hub, watcher: watcher, shadow: shadow,
            socketUpgrade: upgrade, limits: configuration.limits, answerPath: configuration.answerPath)
    }

    /// HTTP/1.1 with the WebSocket upgrade on the realtime paths (plain HTTP/1.1 without them).
    /// Every connection passes `ConnectionGuard` first (timeouts, cap, head size).
    /// Requests `answerPath` takes are answered on the connection's channel handler
    /// (`InlineHTTPHandler`) by the same router; the rest go through Hummingbird's own channel.
    public func httpServer(serverName: String?, logger: Logger) -> HTTPServerBuilder {
        let limits = self.limits, counter = connections
        let inline = answerPath.executor.map {
            InlineResponder(router.buildResponder(), executor: $0, serverName: serverName, logger: logger)
        }
        let http1 = {
            var http1 = HTTP1Channel.Configuration(additionalChannelHandlers: inline.map { [$0.channelHandler()] } ?? [])
            http1.httpDecoder = .init(maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes)
            return http1
        }()
        guard let upgrade = socketUpgrade else {
            return HTTPServerBuilder { responder in
                GuardedChildChannel(HTTP1Channel(responder: responder, configuration: http1), limits: limits, counter: counter)
            }
        }
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: http1,
            ws: .init(
                maxFrameSize: upgrade.spec.maxMessageBytes,
                autoPing: upgrade.spec.heartbeatSeconds > 0 ? .enabled(timePeriod: .seconds(upgrade.spec.heartbeatSeconds)) : .disabled))
        return HTTPServerBuilder { responder in
            GuardedChildChannel(
                HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration) { request, channel, logger in
                    upgrade.shouldUpgrade(request, peer: channel.remoteAddress?.ipAddress, logger: logger)
                },
                limits: limits, counter: counter)
        }
    }

    /// The server as a Hummingbird application: routes, sockets, address.
    public func application(configuration: ApplicationConfiguration, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router, server: httpServer(serverName: configuration.serverName, logger: logger), configuration: configuration,
            onServerRunning: onServerRunning, logger: logger)
    }

    /// Releases what the server holds (pooled upstream connections, the sockets' hub).
    public func shutdown() async {
        await shadow?.shutdown()
        sockets?.shutdown()
        await upstream?.shutdown()
    }
}

/// Where a server answers its requests (`serve --answer-on`, Docs/performance.md).
public enum AnswerPath: String, Sendable, CaseIterable {
    /// Hummingbird's own channel: a task per connection reading and writing through `NIOAsyncChannel`.
    case asyncChannel = "async-channel"
    /// The connection's channel handler, a task per request on Swift's global executor.
    case handler
    /// The connection's channel handler, a task per request on the connection's event loop.
    case loop

    var executor: InlineResponder.Executor? {
        switch self {
        case .asyncChannel: nil
        case .handler: .global
        case .loop: .loop
        }
    }
}
