import BridgeKit
import Hummingbird
import V4Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a translation returns: the legacy `data` and, rarely, a `msg` other than the mapping's.
public struct LegacyReply: Sendable {
    public var data: JSONValue
    public var msg: String?

    public init(data: JSONValue, msg: String? = nil) {
        self.data = data
        self.msg = msg
    }
}

/// Everything a translation gets for one legacy call.
public struct LegacyCall: Sendable {
    public let route: RouteSpec
    public let input: LegacyInput
    public let query: [String: String]
    public let parameters: Parameters
    /// The bearer token (access or refresh, per the route's `auth`).
    public let token: String?
    public let requestID: String
    public let core: V4Client
    public let mappings: MappingSet
    public let now: Date

    /// The token on a route whose mapping requires one (the adapter has checked it is there).
    public var requiredToken: String { token ?? "" }

    /// Fields of a named shape from Mappings, picked from a view in that order.
    public func shaped(_ shape: String, from view: JSONObject) -> JSONValue {
        var object = JSONObject()
        for field in mappings.shape(shape) { object[field] = view[field] ?? .null }
        return .object(object)
    }

    public func shapeIncludes(_ shape: String, _ field: String) -> Bool { mappings.shape(shape).contains(field) }

    /// A string constant from the route's `params:` in Mappings.
    public func param(_ name: String) -> String { route.params[name]?.stringValue ?? "" }
}

/// One named legacy translation: turns a legacy call into V4 calls and their answers into
/// legacy data. Mappings name it by `name`.
public protocol LegacyTranslation: Sendable {
    static var name: String { get }
    func translate(_ call: LegacyCall) async throws -> LegacyReply
}
