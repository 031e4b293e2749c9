import ArgumentParser
import BridgeKit
import Foundation
import Hummingbird
import LegacyAPI
import Logging
import ServiceLifecycle
import ServerKit
import V4Core
import BridgeAssembly
import Migration

/// `legacy-bridge serve`: the legacy API (and, with the embedded core, `/api/v4`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the legacy API.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 3000
    @Option(help: "Data directory of the embedded V4 core.") var dataDir = "./data"
    @Option(help: "Base URL of a V4 deployment to translate onto instead of the embedded core.") var core: String?
    @Option(help: "The V4 database the legacy rows were merged into (mysql://…): migrated rows keep their legacy ids for old clients.")
    var legacyIds: String?
    @Option(help: "With --core: the bridge's own store (what the V4 cannot hold: profiles, avatars, merchants): a directory (default <data-dir>/bridge, one instance) or mysql://user:pass@host/db (several instances share it: replays, events).")
    var state: String?
    @Option(help: "With --state mysql://…: milliseconds between reads of the shared event log (other instances' pushes).")
    var eventPollMs = 100
    @Option(help: "With --core: seconds between reads of V4 for changes made elsewhere (balance, upload reviews, announcements) for users with a socket open here; 0: off.")
    var watchInterval = 30
    @Option(help: "With --core: V4 requests per second the change watcher may spend, at most (a round with more sockets takes longer).")
    var watchBudget = 20.0
    @Option(help: "With --core: a file holding the service session (mobile:code or tokens:<access>:<refresh>, one line; owner-only), instead of LEGACY_BRIDGE_CORE_ADMIN.")
    var coreAdminFile: String?
    @Flag(help: "With --core: do not grant a user the campaign's role when V4 refuses their draw for lacking it (they get 2003 instead).")
    var noGrantCampaignRole = false
    @Flag(help: "With --core and a service session: credit an approved receipt the legacy rule's points (amount × 10) by posting the difference to V4's award through points/admin/adjust, once per receipt. Off: V4's rule decides.")
    var legacyReviewPoints = false
    @Option(help: "Seconds before a V4 call counts as failed.") var coreTimeout = 10
    @Option(help: "With --core http://…: the client of the V4 calls, lean (NIO's HTTP/1.1 codec, pooled per event loop) or ahc (AsyncHTTPClient; https always uses it).")
    var upstreamClient: UpstreamClientKind = .lean
    @Option(help: "Where requests are answered: async-channel (Hummingbird's per-connection task), handler (the connection's channel handler) or loop (the same, each request's task on the connection's event loop; only where nothing blocks). Docs/performance.md has the measurements.")
    var answerOn: AnswerPath = .asyncChannel
    @Option(help: "Seconds a write's first answer is replayed to the same caller repeating it (0: never).") var replayWindow = 60
    @Option(help: "Seconds between probes of the V4 upstream (with --core).") var probeInterval = 300
    @Option(help: "Directory of the mapping files.") var mappings: String?
    @Option(help: "Client profile for requests no selection rule in Mappings/profiles.yaml matches (union, d0, d1a, d1b…).")
    var profile: String?
    @Flag(help: "Seed the demo data set and accept the development code 123456.") var demo = false
    @Option(help: "Scheme, host and port clients reach this server at (https://api.example.com): every file URL the legacy API answers starts with it (also LEGACY_BRIDGE_PUBLIC_URL). Unset: the request's Host, https when a trusted proxy forwards X-Forwarded-Proto: https.")
    var publicURL: String?
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel = "info"
    @Option(help: "A proxy (IP or CIDR) whose X-Forwarded-For names the client; repeatable (also LEGACY_BRIDGE_TRUSTED_PROXIES, comma-separated).")
    var trustedProxy: [String] = []
    @Option(help: "A per-client-address limit, KIND=REQUESTS/SECONDS (kinds: login, admin_login, send_code, refresh); repeatable.")
    var rateLimit: [String] = []
    @Option(help: "Seconds a connection may take to send a request head (from connecting, or from a further request's first byte).")
    var headerTimeout = 10
    @Option(help: "Seconds a keep-alive connection may wait idle for its next request.") var idleTimeout = 60
    @Option(help: "Seconds from a request head to the start of its answer (the body's upload and the work).") var requestTimeout = 120
    @Option(help: "Connections open at once (lowered to fit the descriptor limit).") var maxConnections = 4096
    @Option(help: "Connections one client address may hold (default: a sixteenth of --max-connections, at least 16; trusted proxies count only against the total).")
    var maxConnectionsPerAddress: Int?
    @Option(help: "Largest request head in bytes (431 beyond).") var maxHeaderBytes = 16 * 1024
    @Option(help: "Seconds a connection may leave a full send buffer unread before it is closed (HTTP and WebSocket).")
    var sendTimeout = 30
    @Option(help: "Shadow cut-over: the old v2.1 backend (http://old:3000). The bridge answers; a copy of each compared request goes to the old backend and the answers are diffed (Docs/differ.md).")
    var shadow: String?
    @Option(help: "Dark launch: the old v2.1 backend answers clients (its bytes, unchanged); the bridge's answer is computed on the side and diffed. Writes are not run on the bridge unless a route opts in.")
    var primary: String?
    @Option(help: "With --shadow/--primary: the share of requests compared (a route's shadow: percent overrides it).")
    var shadowPercent = 100
    @Option(help: "With --shadow/--primary: comparisons waiting at most (more are dropped and counted).")
    var shadowQueue = 1000
    @Option(help: "With --shadow/--primary: comparisons running at once.") var shadowConcurrency = 4
    @Option(help: "With --shadow/--primary: seconds the other side's answer is waited for.") var shadowTimeout = 5
    @Option(help: "With --shadow/--primary: compared answers in a row without a real difference after which a route is ready.")
    var shadowReadyAfter = 100

    /// `--shadow` or `--primary`, checked.
    func shadowSettings() throws -> ShadowSettings? {
        guard shadow == nil || primary == nil else { throw ValidationError("--shadow and --primary exclude each other") }
        guard let url = shadow ?? primary else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ValidationError("--shadow/--primary must be an http(s) URL") }
        guard (0...100).contains(shadowPercent), shadowQueue > 0, shadowConcurrency > 0, shadowTimeout > 0, shadowReadyAfter > 0 else {
            throw ValidationError("--shadow-percent is 0…100; --shadow-queue, -concurrency, -timeout and -ready-after are positive")
        }
        var settings = ShadowSettings(mode: shadow != nil ? .shadow : .primary, oldBackend: url)
        settings.percent = shadowPercent
        settings.queueCapacity = shadowQueue
        settings.concurrency = shadowConcurrency
        settings.timeout = .seconds(shadowTimeout)
        settings.readyAfter = shadowReadyAfter
        return settings
    }

    /// The server limits from the options, the cap fitted under this process's descriptor limit.
    func serverLimits(logger: Logger, trusting proxies: TrustedProxies) throws -> ServerLimits {
        guard headerTimeout > 0, idleTimeout > 0, requestTimeout > 0, maxConnections > 0, maxHeaderBytes >= 1024,
            (maxConnectionsPerAddress ?? 1) > 0
        else {
            throw ValidationError("timeouts and --max-connections(-per-address) must be positive, --max-header-bytes at least 1024")
        }
        var limits = ServerLimits()
        limits.headerTimeout = .seconds(Int64(headerTimeout))
        limits.idleTimeout = .seconds(Int64(idleTimeout))
        limits.requestTimeout = .seconds(Int64(requestTimeout))
        limits.maxConnections = maxConnections
        limits.maxHeaderBytes = maxHeaderBytes
        limits.maxConnectionsPerAddress = maxConnectionsPerAddress
        limits.sendTimeout = .seconds(Int64(max(1, sendTimeout)))
        limits.trustedProxies = proxies
        var descriptors = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptors) == 0, descriptors.rlim_cur < rlim_t(Int32.max) {
            let fitted = limits.fitted(toDescriptorLimit: Int(descriptors.rlim_cur))
            if fitted.maxConnections < limits.maxConnections {
                logger.notice("connection cap lowered to \(fitted.maxConnections) to stay under the descriptor limit \(descriptors.rlim_cur) (ulimit -n)")
            }
            limits = fitted
        }
        return limits
    }

    /// The address limits: the defaults with `--rate-limit` overrides.
    func addressLimits() throws -> [String: AddressLimit] {
        var limits = AddressLimit.defaults
        for entry in rateLimit {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, limits[String(parts[0])] != nil, let limit = AddressLimit(parsing: parts[1]) else {
                throw ValidationError("--rate-limit \(entry): expected KIND=REQUESTS/SECONDS, KIND one of \(limits.keys.sorted().joined(separator: ", "))")
            }
            limits[String(parts[0])] = limit
        }
        return limits
    }

    func trustedProxies(_ environment: [String: String]) throws -> TrustedProxies {
        let entries = trustedProxy + (environment["LEGACY_BRIDGE_TRUSTED_PROXIES"] ?? "").split(separator: ",").map(String.init)
        switch TrustedProxies.parse(entries) {
        case .success(let proxies): return proxies
        case .failure(let error): throw ValidationError("trusted proxy \(error)")
        }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "legacy-bridge", factory: DeferredMetadataLogHandler.standardError)
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return logger
        }()
        PrivateFiles.restrictNewFiles()
        let environment = ProcessInfo.processInfo.environment
        let proxies = try trustedProxies(environment)
        var deployment = LegacyDeployment(
            adminKey: environment["LEGACY_BRIDGE_ADMIN_KEY"], trustedProxies: proxies,
            metricsToken: environment["LEGACY_BRIDGE_METRICS_TOKEN"], publicBaseURL: publicURL ?? environment["LEGACY_BRIDGE_PUBLIC_URL"])
        if let base = deployment.publicBaseURL, !(base.hasPrefix("http://") || base.hasPrefix("https://")) || base.dropFirst(8).contains("/") {
            throw ValidationError("--public-url must be a scheme, host and optional port, such as https://api.example.com")
        }
        // The service session on a real V4: from the environment only, so the secret is in no
        // process list or shell history (`mobile:code`, or `tokens:<access>:<refresh>`).
        if let admin = try Self.coreAdmin(file: coreAdminFile, environment: environment) {
            guard let session = ServiceSession.parse(admin) else {
                throw ValidationError("the service session (LEGACY_BRIDGE_CORE_ADMIN or --core-admin-file) must be mobile:code or tokens:<access>:<refresh>")
            }
            deployment.coreAdmin = session
        }
        deployment.grantsCampaignRole = !noGrantCampaignRole
        deployment.topsUpLegacyReviewPoints = legacyReviewPoints
        if legacyReviewPoints && deployment.coreAdmin == nil {
            throw ValidationError("--legacy-review-points posts through the service session: set LEGACY_BRIDGE_CORE_ADMIN")
        }
        let serverLimits = try serverLimits(logger: logger, trusting: proxies)
        let limits = try addressLimits()
        let mappingsDirectory = try MappingsLocator.resolve(mappings)
        let shadowSettings = try shadowSettings()
        let server: BridgeServer
        var demoReport: DemoSeeder.Report?
        var sharedEvents: SharedEventBus?
        do {
            if let core {
                guard core.hasPrefix("http://") || core.hasPrefix("https://") else {
                    throw ValidationError("--core must be an http(s) URL")
                }
                guard !demo else { throw ValidationError("--demo seeds the embedded core; it cannot be combined with --core") }
                var bridge = BridgeConfiguration(
                    core: .upstream(url: core, timeout: .seconds(Int64(coreTimeout))), mappingsDirectory: mappingsDirectory,
                    deployment: deployment, defaultProfile: profile)
                bridge.limits = serverLimits
                bridge.shadow = shadowSettings
                bridge.upstreamClient = upstreamClient
                bridge.answerPath = answerOn
                bridge.replayWindow = .seconds(replayWindow)
                if watchInterval > 0 {
                    var watch = ChangeWatcher.Settings()
                    watch.interval = .seconds(watchInterval)
                    watch.budget = max(0.1, watchBudget)
                    bridge.watch = watch
                }
                let stateLocation = try BridgeStoreLocation(state ?? (dataDir + "/bridge"))
                let store = try stateLocation.open()
                bridge.state = store
                logger.notice("bridge store: \(stateLocation)")
                if let log = store as? any EventLog {
                    // Several instances: events raised on any reach the sockets of all.
                    let bus = SharedEventBus(log: log, interval: .milliseconds(max(10, eventPollMs)), logger: logger)
                    bridge.events = bus
                    sharedEvents = bus
                }
                if let legacyIds {
                    bridge.legacyIds = try Self.loadLegacyIds(legacyIds)
                    logger.notice("legacy id map: \(bridge.legacyIds.count) migrated rows keep their legacy ids")
                }
                server = try await BridgeServer.build(bridge, logger: logger)
                if let upstream = server.upstream {
                    // What the deployment has, now and every --probe-interval seconds: logged,
                    // learned by the transport (absent endpoints are not asked) and on /health.
                    let probe = UpstreamProbe(baseURL: core, degradation: server.mappings.degradation)
                    let interval = max(probeInterval, 10)
                    Task {
                        while !Task.isCancelled {
                            let report = await probe.run()
                            upstream.learn(absent: report.absent, reachable: report.reachable)
                            let rated = Dictionary(grouping: report.routes, by: \.rating).mapValues(\.count)
                            logger.notice(
                                "V4 probe of \(core): \(report.reachable ? "reachable" : "unreachable"); routes full \(rated["full"] ?? 0), degraded \(rated["degraded"] ?? 0), unavailable \(rated["unavailable"] ?? 0); absent: \(report.absent.sorted().joined(separator: ", "))")
                            try? await Task.sleep(for: .seconds(interval))
                        }
                    }
                }
            } else {
                let development = demo || environment["LEGACY_BRIDGE_MODE"] == "development"
                var coreConfiguration = CoreConfiguration(dataDirectory: dataDir, mode: development ? .development : .production)
                coreConfiguration.addressLimits = limits
                coreConfiguration.trustedProxies = proxies
                var configuration = EmbeddedBridgeConfiguration(
                    core: coreConfiguration,
                    mappingsDirectory: mappingsDirectory, demo: demo,
                    demoAdminPassword: environment["LEGACY_BRIDGE_ADMIN_PASSWORD"], deployment: deployment)
                configuration.defaultProfile = profile
                configuration.limits = serverLimits
                configuration.shadow = shadowSettings
                configuration.answerPath = answerOn
                configuration.smsSender = try HTTPSMSSender.fromEnvironment(environment)
                let bridge = try await EmbeddedBridge.build(configuration, logger: logger)
                if let warning = PrivateFiles.exposureWarning(for: dataDir) { logger.warning("\(warning)") }
                server = bridge.server
                demoReport = bridge.demoReport
            }
        } catch let error as MappingError {
            // Start-up stops on a broken mapping, naming file, line and reason.
            throw ValidationError("invalid mapping: \(error)")
        }
        if let report = demoReport, report.seeded {
            announce("Demo data seeded: user 13800138000 (code 123456, 1000 points), merchant 13900139000.")
            if let password = report.adminPassword {
                announce("Admin login: username '\(report.adminUsername)', password '\(password)' (shown once).")
            }
        }
        let app = server.application(
            configuration: .init(address: .hostname(host, port: port), serverName: "legacy-bridge"),
            onServerRunning: { [shadowTraffic = server.shadow] channel in
                logger.notice("legacy-bridge listening on \(channel.localAddress?.description ?? "?")")
                // The bridge's own answer in --primary mode is asked on loopback.
                if let port = channel.localAddress?.port { shadowTraffic?.serving(at: "http://127.0.0.1:\(port)") }
            },
            logger: logger)
        let eventTask = sharedEvents.map { bus in Task { await bus.run() } }
        defer { eventTask?.cancel() }
        let watchTask = server.watcher.map { watcher in
            logger.notice("change watcher: every \(watchInterval) s, at most \(watchBudget) V4 requests/s (\(ChangeWatcher.requestsPerSocketMinute(interval: .seconds(watchInterval))) per socket-minute)")
            return Task { await watcher.run() }
        }
        defer { watchTask?.cancel() }
        let shadowTask = server.shadow.map { traffic in
            logger.notice("\(traffic.settings.mode == .shadow ? "shadowing" : "dark launch behind") \(traffic.settings.oldBackend): \(traffic.settings.percent) % of safe requests (and opted-in writes) compared, queue \(traffic.settings.queueCapacity), report at /shadow/report")
            return Task { await traffic.run() }
        }
        defer { shadowTask?.cancel() }
        let services = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
        await server.shutdown()
    }
}

extension UpstreamClientKind: ExpressibleByArgument {}
extension AnswerPath: ExpressibleByArgument {}

/// Writes a line to stdout unbuffered: `print` is block-buffered on a pipe, and the one-time
/// admin password must reach a log file now, not at exit.
func announce(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Finds `Mappings/`: the option, `LEGACY_BRIDGE_MAPPINGS`, then `./Mappings`.
enum MappingsLocator {
    /// `--mappings`, else `LEGACY_BRIDGE_MAPPINGS`, else `./Mappings`, else the mappings compiled
    /// into the binary (`MappingFiles.builtIn`): the binary works from any directory.
    static func resolve(_ option: String?) throws -> String {
        let given = [option, ProcessInfo.processInfo.environment["LEGACY_BRIDGE_MAPPINGS"]].compactMap { $0 }
        for candidate in given + ["./Mappings"] {
            var isDirectory: ObjCBool = false
            if candidate == MappingFiles.builtIn { return candidate }
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        // A directory that was asked for by name must exist; only the default falls back.
        if let asked = given.first { throw ValidationError("no Mappings directory at \(asked)") }
        return MappingFiles.builtIn
    }
}

extension Serve {
    /// The merge's id map, read once at start (it does not change after the migration).
    /// The service session's secret: the file's first line, else the environment's. Never logged;
    /// a file others may read is refused.
    static func coreAdmin(file: String?, environment: [String: String]) throws -> String? {
        if let file {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                let mode = attributes[.posixPermissions] as? Int, let text = FileManager.default.contents(atPath: file)
            else { throw ValidationError("--core-admin-file \(file): cannot read it") }
            guard mode & 0o077 == 0 else { throw ValidationError("--core-admin-file \(file) is readable by others: chmod 600 it") }
            let line = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline).first.map { String($0).trimmingWhitespace } ?? ""
            return line.isEmpty ? nil : line
        }
        return environment["LEGACY_BRIDGE_CORE_ADMIN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func loadLegacyIds(_ url: String) throws -> LegacyIdMap {
        let rows = try loadLegacyIdMapRows(url)
        return LegacyIdMap(rows: rows.ids, uploads: rows.uploads)
    }

    /// The rows of a merge's `legacy_id_map` (serve --legacy-ids, provision --legacy-ids).
    static func loadLegacyIdRows(_ url: String) throws -> [(table: String, legacyId: Int64, v4Id: Int64)] {
        try loadLegacyIdMapRows(url).ids
    }

    private static func loadLegacyIdMapRows(_ url: String) throws -> (ids: [(table: String, legacyId: Int64, v4Id: Int64)], uploads: [(v4Id: Int64, uploadId: String)]) {
        guard case .mysql(let location) = try MigrationEndpoint(url) else {
            throw ValidationError("--legacy-ids is the mysql://… URL of the V4 database the migrator merged into")
        }
        #if MySQL
        let rows = try LegacyIdMapReader.read(location)
        return (rows.ids, rows.uploads)
        #else
        _ = location
        throw ValidationError("--legacy-ids needs the build with `--traits MySQL`")
        #endif
    }
}
