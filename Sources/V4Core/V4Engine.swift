import BridgeKit
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix
import ServerKit
@_exported import V4Contract

/// The embedded V4 core: its store, services and `/api/v4` routes.
public struct V4Engine: Sendable {

    public let configuration: CoreConfiguration
    public let database: CoreDatabase
    public let tokens: TokenService
    public let auth: AuthService
    public let points: PointsService
    public let lottery: LotteryService
    public let photos: PhotoService
    public let catalog: ProductCatalog
    public let exchanges: ExchangeService
    public let inventory: InventoryService
    public let uploads: UploadService
    public let reviews: ReviewService
    public let merchants: MerchantService
    public let announcements: AnnouncementService
    /// Where the core raises its events (after commit); the bridge's live-push hub listens.
    public let events: any EventBus
    /// Counts requests per client address (`CoreConfiguration.addressLimits`), for both transports.
    public let limiter: AddressLimiter
    /// Held while the engine's database is in use: no second server on the same data directory.
    public var lock: DataDirectoryLock? { database.lock }
    /// Runs the endpoints for the HTTP routes and the in-process transport alike.
    public var dispatcher: V4Dispatcher {
        V4Dispatcher(handlers: handlers, auth: auth, limiter: limiter, trustedProxies: configuration.trustedProxies)
    }

    /// Opens the data directory (creating and migrating the database) and wires the services.
    public static func open(
        _ configuration: CoreConfiguration, smsSender: (any SMSSender)? = nil,
        randomness: any DrawRandomness = SystemDrawRandomness(), events: any EventBus = LocalEventBus(), logger: Logger
    ) async throws -> V4Engine {
        // Creating and migrating the file waits on the disk (fsync): on a thread of the NIO
        // pool, not on one of the few cooperative threads every request and task shares.
        let database = try await NIOThreadPool.singleton.runIfActive {
            try CoreDatabase(dataDirectory: configuration.dataDirectory)
        }
        // Users in memory, kept true by the writer's own commits.
        let users = UserCache()
        database.pool.add(transactionObserver: UserCache.Observer(cache: users), extent: .databaseLifetime)
        let secret = try configuration.jwtSecret.map { try SecretStore.validated($0, source: "configuration") }
            ?? SecretStore.jwtSecret(dataDirectory: configuration.dataDirectory)
        let tokens = await TokenService(
            secret: secret, accessTTL: configuration.accessTokenTTL, refreshTTL: configuration.refreshTokenTTL,
            clock: configuration.clock)
        let sender: any SMSSender
        switch (smsSender, configuration.mode) {
        case (let configured?, _): sender = configured
        case (nil, .development): sender = LogSMSSender(logger: logger)
        case (nil, .production):
            logger.warning("no SMS gateway configured (LEGACY_BRIDGE_SMS_URL): send-code answers SMS_SERVICE_UNAVAILABLE")
            sender = UnconfiguredSMSSender()
        }
        let codes = VerificationCodes(
            database: database, sender: sender, acceptsUniversalCode: configuration.mode == .development,
            clock: configuration.clock, key: VerificationCodes.key(fromSecret: secret))
        return V4Engine(
            configuration: configuration, database: database, tokens: tokens,
            auth: AuthService(database: database, tokens: tokens, codes: codes, configuration: configuration, users: users),
            points: PointsService(database: database, events: events, clock: configuration.clock),
            lottery: LotteryService(database: database, randomness: randomness, events: events, clock: configuration.clock),
            photos: PhotoService(database: database), catalog: ProductCatalog(database: database),
            exchanges: ExchangeService(database: database, events: events, clock: configuration.clock),
            inventory: InventoryService(database: database, clock: configuration.clock),
            uploads: UploadService(
                database: database, store: try LocalObjectStore(root: configuration.dataDirectory + "/objects"),
                publicBaseURL: configuration.publicBaseURL, uploadsPerDay: configuration.uploadsPerDay, clock: configuration.clock),
            reviews: ReviewService(database: database, events: events, clock: configuration.clock),
            merchants: MerchantService(
                database: database, autoApprove: configuration.mode == .development, clock: configuration.clock),
            announcements: AnnouncementService(database: database, events: events, clock: configuration.clock),
            events: events, limiter: AddressLimiter(limits: configuration.addressLimits, clock: configuration.clock))
    }

    /// Every module's handlers, against the contract's endpoint values.
    public var handlers: V4Handlers {
        var handlers = V4Handlers()
        AuthHandlers(auth: auth).register(in: &handlers)
        PointsHandlers(points: points).register(in: &handlers)
        LotteryHandlers(lottery: lottery).register(in: &handlers)
        PhotoHandlers(photos: photos, uploads: uploads, reviews: reviews).register(in: &handlers)
        MerchantHandlers(merchants: merchants).register(in: &handlers)
        CatalogueHandlers(catalog: catalog).register(in: &handlers)
        ExchangeHandlers(exchanges: exchanges, inventory: inventory).register(in: &handlers)
        AnnouncementHandlers(announcements: announcements).register(in: &handlers)
        return handlers
    }

    /// Mounts every V4 endpoint (under `/api/v4/unified-engine`, the catalogue also at [A]'s
    /// `/api/v4/inventory`) behind the V4 error middleware.
    /// The V4 routes and the file route. In a shared router (the embedded bridge's) the V4
    /// routes get their own error middleware; `renderingErrors: false` when the router has it.
    public func addRoutes(to router: Router<AppRequestContext>, renderingErrors: Bool = true) {
        dispatcher.mount(on: router, renderingErrors: renderingErrors)
        addFileRoute(to: router)
    }

    /// `GET /files/<key>`: stored uploads, at the URLs the answers give. Keys are content hashes,
    /// so a URL cannot be guessed from an upload id; immutable, so clients may cache forever.
    public func addFileRoute(to router: Router<AppRequestContext>) {
        let uploads = self.uploads
        router.get(RouterPath(UploadService.filesPath + "/**")) { request, context -> Response in
            let key = String(request.uri.path.dropFirst(UploadService.filesPath.count + 1))
            guard let file = try await uploads.file(key) else {
                return V4HTTPResponse.failure(for: V4Error(.notFound, "文件不存在"), context: context)
            }
            var headers = HTTPFields()
            headers[.contentType] = file.contentType
            headers[.cacheControl] = "public, max-age=31536000, immutable"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }

    /// A router serving only the V4 API (its own 404s as V4 envelopes): what the tests' and the
    /// differ's stand-alone V4 cores expose on a socket.
    public func makeRouter() -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestIDAdoptionMiddleware())
        router.add(middleware: V4ErrorMiddleware())
        addRoutes(to: router, renderingErrors: false)
        router.get("/health") { _, context in
            try V4HTTPResponse.success(
                code: "HEALTHY", message: "服务运行正常", data: ["status": "healthy"] as JSONValue, requestID: context.requestID)
        }
        return router
    }

    /// The in-process transport onto this engine: typed values in and out, no JSON.
    public func transport(logger: Logger) -> InProcessV4Transport { InProcessV4Transport(dispatcher: dispatcher, logger: logger) }
}
