import BridgeKit
import Hummingbird
import ServerKit
import V4Contract

/// What a translation returns: the legacy `data` and, rarely, a `msg` other than the mapping's.
@PublicInit
public struct LegacyReply: Sendable {
    public var data: JSONValue
    public var msg: String?
    /// What the translation read from V4, as JSON, for a family route's `reshape:` (`@` paths):
    /// set only when the route has one (`LegacyCall.source`).
    public var source: JSONValue? = nil
}

extension LegacyCall {
    /// V4 values as JSON for a family's reshape; nil (nothing encoded) on routes without one.
    public func source(_ values: [String: any Encodable]) -> JSONValue? {
        guard route.reshape != nil else { return nil }
        let encoder = JSONEncoder()
        var object = JSONObject()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            if let data = try? encoder.encode(value), let json = try? JSONValue.parse(Array(data)) { object[key] = json }
        }
        return .object(object)
    }
}

/// Everything a translation gets for one legacy call.
public struct LegacyCall: Sendable {
    public let route: RouteSpec
    public var input: LegacyInput
    /// The bearer token (access or refresh, per the route's `auth`).
    public let token: String?
    public let requestID: String
    /// The V4 core, in process or over HTTP.
    public let core: any V4Transport
    public let mappings: MappingSet
    public let now: Date
    /// `http(s)://host` the client called, for making the core's relative file URLs absolute.
    public var origin: String? = nil
    /// What the translation declared it reads; debug builds refuse anything else.
    public let reads: MappingReads
    /// Where the translation raises the events of its call, when the core cannot (a remote
    /// core); nil in process, where the core raises them itself after its commit.
    public var events: (any EventBus)? = nil
    /// What the deployment configured (secrets the legacy API checks itself).
    public var deployment = LegacyDeployment()
    /// The client's IP address (the peer, or what a trusted proxy forwarded), passed to the core
    /// so its per-address limits count the client.
    public var clientAddress: String? = nil
    /// The active campaign behind the legacy wheel, looked up in V4 and remembered briefly.
    public var campaigns = CampaignDirectory()
    /// D1-V1's staged uploads (the `/api/v1/upload` routes).
    public var uploads: UploadStaging? = nil
    /// The lottery maintenance window both families' draws honour.
    public var maintenance: LotteryMaintenance? = nil
    /// D1-V1's image captchas.
    public var captchas: CaptchaStore? = nil

    /// The token on a route whose mapping requires one (the adapter has checked it is there).
    public var requiredToken: String { token ?? "" }

    /// The call's token and request id, as every V4 call carries them.
    public var credentials: V4Credentials { V4Credentials(token: token, requestID: requestID, clientAddress: clientAddress) }

    /// Calls a V4 endpoint with the caller's token.
    public func v4<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input) async throws(V4ClientError) -> Output {
        try await core.call(endpoint, input, as: credentials)
    }

    /// Calls a V4 endpoint with another token (the one a login just issued).
    public func v4<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, token: String) async throws(V4ClientError)
        -> Output
    {
        try await core.call(endpoint, input, as: V4Credentials(token: token, requestID: requestID, clientAddress: clientAddress))
    }

    /// Fields of a named shape from Mappings, picked from a view in that order.
    public func shaped(_ shape: String, from view: JSONObject) -> JSONValue {
        assert(reads.shapes.contains(shape), "\(route.translation) reads undeclared shape \(shape)")
        var object = JSONObject()
        for field in mappings.shape(shape) { object[field] = view[field] ?? .null }
        return .object(object)
    }

    /// `shape`'s fields read from a view: only those fields are worked out.
    func shaped<Source>(_ shape: String, from view: LegacyView<Source>) -> JSONValue {
        assert(reads.shapes.contains(shape), "\(route.translation) reads undeclared shape \(shape)")
        let names = mappings.shape(shape)
        var object = JSONObject(minimumCapacity: names.count)
        for field in names { object[field] = view[field] ?? .null }
        return .object(object)
    }

    public func shapeIncludes(_ shape: String, _ field: String) -> Bool {
        assert(reads.shapes.contains(shape), "\(route.translation) reads undeclared shape \(shape)")
        return mappings.shape(shape).contains(field)
    }

    /// A string constant from the route's `params:` in Mappings.
    public func param(_ name: String) -> String { paramValue(name)?.stringValue ?? "" }

    /// A constant from the route's `params:` in Mappings, of any JSON type.
    public func paramValue(_ name: String) -> JSONValue? {
        assert(reads.params.union(reads.optionalParams).contains(name), "\(route.translation) reads undeclared param \(name)")
        return route.params[name]
    }
}

/// One named legacy translation: turns a legacy call into V4 calls and their answers into
/// legacy data. Mappings name it by `name`.
public protocol LegacyTranslation: Sendable {
    static var name: String { get }
    /// The shapes, params and fields it reads from its mapping (checked both ways at start-up).
    static var reads: MappingReads { get }
    func translate(_ call: LegacyCall) async throws -> LegacyReply
}
