import BridgeKit
import Hummingbird
import Logging
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The embedded V4 core: its store, services and `/api/v4` routes.
public struct V4Engine: Sendable {
    public static let basePath = "/api/v4/unified-engine"

    public let configuration: CoreConfiguration
    public let database: CoreDatabase
    public let tokens: TokenService
    public let auth: AuthService
    public let points: PointsService
    public let lottery: LotteryService
    public let photos: PhotoService
    public let catalog: ProductCatalog

    /// Opens the data directory (creating and migrating the database) and wires the services.
    public static func open(
        _ configuration: CoreConfiguration, smsSender: (any SMSSender)? = nil,
        randomness: any DrawRandomness = SystemDrawRandomness(), logger: Logger
    ) async throws -> V4Engine {
        let database = try CoreDatabase(dataDirectory: configuration.dataDirectory)
        let secret = try configuration.jwtSecret.map { try SecretStore.validated($0, source: "configuration") }
            ?? SecretStore.jwtSecret(dataDirectory: configuration.dataDirectory)
        let tokens = await TokenService(
            secret: secret, accessTTL: configuration.accessTokenTTL, refreshTTL: configuration.refreshTokenTTL,
            clock: configuration.clock)
        let codes = VerificationCodes(
            database: database, sender: smsSender ?? LogSMSSender(logger: logger),
            acceptsUniversalCode: configuration.mode == .development, clock: configuration.clock)
        return V4Engine(
            configuration: configuration, database: database, tokens: tokens,
            auth: AuthService(database: database, tokens: tokens, codes: codes, configuration: configuration),
            points: PointsService(database: database, clock: configuration.clock),
            lottery: LotteryService(database: database, randomness: randomness, clock: configuration.clock),
            photos: PhotoService(database: database), catalog: ProductCatalog(database: database))
    }

    /// Mounts every V4 module under `/api/v4/unified-engine`, behind the V4 error middleware,
    /// and the catalogue also at [A]'s `/api/v4/inventory`.
    public func addRoutes(to router: Router<AppRequestContext>) {
        let v4 = router.group(RouterPath(Self.basePath)).add(middleware: V4ErrorMiddleware())
        AuthRoutes(auth: auth).register(on: v4.group("auth"))
        PointsRoutes(auth: auth, points: points).register(on: v4.group("points"))
        LotteryRoutes(auth: auth, lottery: lottery).register(on: v4.group("lottery"))
        PhotoRoutes(auth: auth, photos: photos).register(on: v4.group("photo"))
        let exchange = ExchangeRoutes(auth: auth, catalog: catalog)
        exchange.register(on: v4.group("inventory"))
        exchange.register(on: router.group("/api/v4/inventory").add(middleware: V4ErrorMiddleware()))
    }

    /// A router serving only the V4 API (its own 404s as V4 envelopes): what the in-process
    /// transport calls, and what `serve-core` exposes on a socket.
    public func makeRouter() -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: V4ErrorMiddleware())
        router.add(middleware: RequestIDAdoptionMiddleware())
        addRoutes(to: router)
        router.get("/health") { _, context in
            try V4Envelope.success(
                code: "HEALTHY", message: "服务运行正常", data: ["status": "healthy"] as JSONValue, requestID: context.requestID)
        }
        return router
    }
}

/// Takes the caller's `X-Request-Id` (the bridge forwards its own) so both hops log one id.
public struct RequestIDAdoptionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public init() {}
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let id = request.headers[.requestID], RequestIdentifier.isAcceptable(id) {
            context.adoptRequestID(id)
        }
        return try await next(request, context)
    }
}
