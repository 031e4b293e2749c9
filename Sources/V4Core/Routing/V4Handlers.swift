import BridgeKit
import Hummingbird
import ServerKit
import V4Contract

/// The core's handler for each endpoint value of the contract, registered by the modules
/// (`AuthHandlers`, `PointsHandlers`, …). The dispatcher runs them for both transports.
public struct V4Handlers: Sendable {
    public typealias Handler<Input, Output> = @Sendable (Input, V4Caller) async throws -> Output

    struct Entry: Sendable {
        let endpoint: any V4EndpointDescription
        /// The typed handler, as `Handler<Input, Output>`.
        let handler: any Sendable
        /// Mounts the endpoint's HTTP routes, reading and writing its types on the wire.
        let mount: @Sendable (RouterGroup<AppRequestContext>, V4Dispatcher) -> Void
    }

    private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Registers `handler` for `endpoint`; one handler per endpoint.
    public mutating func on<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ handler: @escaping Handler<Input, Output>) {
        precondition(entries[endpoint.id] == nil, "two handlers for \(endpoint.id)")
        entries[endpoint.id] = Entry(endpoint: endpoint, handler: handler) { group, dispatcher in
            let names = endpoint.pathParameterNames
            for path in endpoint.paths {
                group.on(RouterPath(path), method: endpoint.method) { request, context in
                    let client = dispatcher.trustedProxies.clientAddress(
                        peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor])
                    // The address limit and the token are checked before the body is read.
                    let output = try await dispatcher.perform(
                        endpoint, token: request.bearerToken, requestID: context.requestID, clientAddress: client
                    ) {
                        try Input(
                            from: try await V4Input.read(request, context: context, pathNames: names, bodyLimit: endpoint.bodyLimit))
                    }
                    return try V4HTTPResponse.success(
                        code: endpoint.successCode, message: endpoint.successMessage, data: output, requestID: context.requestID)
                }
            }
        }
    }

    func handler<Input, Output>(for endpoint: V4Endpoint<Input, Output>) -> Handler<Input, Output>? {
        entries[endpoint.id]?.handler as? Handler<Input, Output>
    }

    /// The ids of the endpoints that have a handler.
    public var endpointIDs: Set<String> { Set(entries.keys) }
}

/// Runs an endpoint: authenticates a `bearer` call, reads and checks the input, runs the
/// handler. The HTTP routes and the in-process transport both come through here, so both
/// answer the same input with the same result.
@PublicInit
public struct V4Dispatcher: Sendable {
    let handlers: V4Handlers
    let auth: AuthService
    let limiter: AddressLimiter
    let trustedProxies: TrustedProxies

    /// `input` is evaluated after the address limit and authentication, so a protected endpoint
    /// refuses a flood, a missing or a bad token before it looks at what was sent.
    /// `clientAddress` is who the call is counted against (nil: not counted, e.g. a test).
    public func perform<Input, Output>(
        _ endpoint: V4Endpoint<Input, Output>, token: String?, requestID: String, clientAddress: String?,
        input: () async throws -> Input
    ) async throws -> Output {
        guard let handler = handlers.handler(for: endpoint) else { throw V4Error(.notFound) }
        if let kind = endpoint.addressLimit, let clientAddress, let wait = limiter.admit(kind, address: clientAddress) {
            throw V4Error(.rateLimitExceeded, "请求过于频繁，请\(wait)秒后再试", data: ["retry_after": .int(Int64(wait))])
        }
        let identity = endpoint.access == .bearer ? try await auth.authenticate(accessToken: token) : nil
        let value = try await input()
        try value.validate()
        return try await handler(value, V4Caller(identity: identity, token: token, requestID: requestID, clientAddress: clientAddress))
    }

    /// Mounts every registered endpoint on `router`, behind the V4 error middleware unless the
    /// router already renders every error as V4's (`renderingErrors: false`).
    public func mount(on router: Router<AppRequestContext>, renderingErrors: Bool = true) {
        let group = renderingErrors ? router.group().add(middleware: V4ErrorMiddleware()) : router.group()
        for entry in handlers.entries.values.sorted(by: { $0.endpoint.id < $1.endpoint.id }) {
            entry.mount(group, self)
        }
    }
}
