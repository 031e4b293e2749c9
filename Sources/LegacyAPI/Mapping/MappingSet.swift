import BridgeKit
import HTTPTypes

/// A legacy error as the mapping files describe it: numeric code, message, HTTP status.
public struct LegacyErrorSpec: Sendable, Equatable {
    public var code: Int
    public var msg: String
    public var status: Int
    /// Where it was defined, for messages about it.
    public var origin: String
    /// The error's `data`: legacy key ← key of the V4 error's `data` (`available_stock` ←
    /// `available_stock`, `required` ← `required_points`). Empty: `data` is null.
    public var data: [DataField] = []

    public struct DataField: Sendable, Equatable {
        public var key: String
        public var from: String
    }

    /// The legacy `data` of this error, from a V4 error's `data` (a missing value is null).
    public func data(from v4: JSONValue?) -> JSONValue {
        guard !data.isEmpty else { return .null }
        var object = JSONObject()
        for field in data { object[field.key] = v4?[field.from] ?? .null }
        return .object(object)
    }
}

/// How one request field is read: its canonical name, the names clients send it under,
/// its type, and the error a bad value gets.
public struct FieldSpec: Sendable, Equatable {
    public enum FieldType: String, Sendable, CaseIterable { case string, integer, number, boolean, object, array, file }

    public var name: String
    public var aliases: [String]
    public var type: FieldType
    public var required: Bool
    public var maxLength: Int?
    /// Used when the client sends nothing.
    public var defaultValue: JSONValue?
    /// Accepted spellings → canonical value (`five: quintuple`); anything else is `invalid_value`.
    public var values: [String: JSONValue]?
    /// Bounds of an integer field; out of range is `invalid_value`, or clamped when `clamp`.
    public var min: Int64?
    public var max: Int64?
    public var clamp: Bool
    /// The error for a missing, ill-typed or invalid value; the route's or the default otherwise.
    public var error: LegacyErrorSpec?
    /// A family's string id (`prod_123`): the prefix dropped before the value is read.
    public var stripPrefix: String? = nil
    /// A file field given as the URL of a file staged through D1-V1's upload token (`imageUrl`):
    /// the adapter puts the caller's staged file in its place (`UploadStaging`).
    public var staged = false
    /// Checked against its `values` (a value the route cannot honour is refused) but read by no
    /// translation: a family's parameter whose only supported value is the translation's behaviour.
    public var checkOnly = false
}

/// Who may call a legacy route.
public enum RouteAuth: String, Sendable, CaseIterable {
    case none
    /// `Authorization: Bearer <access_token>`.
    case user
    /// `Authorization: Bearer <refresh_token>` (the legacy refresh call).
    case refresh
}

/// One legacy endpoint: its paths, the named translation that implements it, and its data.
public struct RouteSpec: Sendable {
    public var id: String
    public var method: HTTPRequest.Method
    /// The documented path and its aliases, in Hummingbird syntax (`:id` parameters).
    public var paths: [String]
    public var auth: RouteAuth
    public var translation: String
    /// `msg` of the success envelope.
    public var message: String
    public var fields: [FieldSpec]
    /// V4 error code or bridge failure name → legacy error, overriding `errors.yaml` for this route.
    public var errors: [String: LegacyErrorSpec]
    /// Constants the translation reads (e.g. the campaign code the legacy lottery maps to).
    public var params: JSONObject
    /// Largest request body read (bytes): `body_limit` in the mapping, 1 MiB by default.
    public var bodyLimit: Int = 1024 * 1024
    /// A write a client may repeat after a network error (`replay: true`): the same caller
    /// repeating it with the same input inside the replay window gets the first answer again
    /// (`ReplayStore`) instead of a second charge.
    public var replays: Bool = false
    /// The API family (`v1`: `Mappings/v1-*.yaml`); nil: the `/api` family.
    public var family: String? = nil
    /// How the family's answer is built from the translation's (`reshape:`); nil: as it is.
    public var reshape: Reshape? = nil
    /// How shadowed traffic treats this route (`shadow: {percent, writes}`, Docs/differ.md); nil:
    /// the server's `--shadow-percent`, and only a safe method is mirrored.
    public var shadow: ShadowRouteSpec? = nil
    /// The fields of an image captcha checked before the translation runs (`captcha:`).
    public var captcha: (answer: String, id: String)? = nil
    /// Mapping file and line the route is defined at.
    public var file: String
    public var line: Int
}

/// A route's shadowing override: the share of its requests compared, and whether a write is
/// harmless enough to send to the other system too (a login: it only opens a session).
public struct ShadowRouteSpec: Sendable, Equatable {
    public var percent: Int?
    public var writes = false

    public init(percent: Int? = nil, writes: Bool = false) {
        self.percent = percent
        self.writes = writes
    }
}

/// Everything in `Mappings/`, validated.
public struct MappingSet: Sendable {
    public var routes: [RouteSpec]
    /// V4 error code → legacy error, when a route does not override it.
    public var errors: [String: LegacyErrorSpec]
    /// Failures of the bridge itself (`malformed_json`, `upstream_timeout`, …) → legacy error.
    public var bridgeErrors: [String: LegacyErrorSpec]
    /// Any V4 code with no mapping.
    public var fallbackError: LegacyErrorSpec
    /// Named response shapes: the field names, in order, a legacy object carries.
    public var shapes: [String: [String]]
    /// `/ws`: paths and limits (nil when no mapping has a `realtime:` section: no sockets).
    public var realtime: RealtimeSpec? = nil
    /// Client profiles and how requests choose one (`union` only when no mapping defines any).
    public var profiles = ProfileSet()
    /// API families beside `/api` (`families:`), by name.
    public var families: [String: FamilySpec] = [:]
    /// What each route needs of a V4 deployment, and the V4 keys read when present
    /// (`degradation.yaml`; empty when no mapping has that section).
    public var degradation = DegradationTable()

    public func route(_ id: String) -> RouteSpec? { routes.first { $0.id == id } }

    /// The family of a route, or of a path no route matched (`/api/v1/nothing`).
    public func family(of route: RouteSpec?, path: String? = nil) -> FamilySpec? {
        if let name = route?.family { return families[name] }
        guard route == nil, let path else { return nil }
        return families.values.first { path == $0.prefix || path.hasPrefix($0.prefix + "/") }
    }

    /// The legacy error for a V4 code on a route: route override, then the family's table (or
    /// the `/api` defaults), then its fallback.
    public func legacyError(forV4Code code: String, route: RouteSpec?, family: FamilySpec? = nil) -> LegacyErrorSpec {
        if let override = route?.errors[code] { return override }
        if let family = family ?? self.family(of: route) { return family.errors[code] ?? family.fallbackError }
        return errors[code] ?? fallbackError
    }

    /// The legacy error for a V4 rejection, with `{name}` placeholders in its msg filled from the
    /// V4 error's `data` (`积分不足，需要 {required_points} 积分…`). If a placeholder has no value the
    /// V4 message is used instead, so no half-filled template reaches a user.
    public func legacyError(
        forV4Code code: String, v4Message: String, data: JSONValue?, route: RouteSpec?, family: FamilySpec? = nil
    ) -> (LegacyErrorSpec, String) {
        let spec = legacyError(forV4Code: code, route: route, family: family)
        guard spec.msg.contains("{") else { return (spec, spec.msg) }
        var text = spec.msg
        for (key, value) in data?.objectValue?.entries ?? [] {
            let rendered: String
            switch value {
            case .string(let s): rendered = s
            case .int, .double, .bool: rendered = value.serialized()
            default: continue
            }
            text = text.replacingOccurrences(of: "{\(key)}", with: rendered)
        }
        return (spec, text.contains("{") ? v4Message : text)
    }

    /// The legacy error for a bridge failure on a route (and optionally a field).
    public func legacyError(
        forFailure failure: BridgeFailure, route: RouteSpec?, field: FieldSpec? = nil, family: FamilySpec? = nil
    ) -> LegacyErrorSpec {
        if let fieldError = field?.error, [.missingField, .wrongType, .fieldTooLong, .invalidValue].contains(failure) { return fieldError }
        if let override = route?.errors[failure.rawValue] { return override }
        if let family = family ?? self.family(of: route) { return family.bridgeErrors[failure.rawValue] ?? family.fallbackError }
        return bridgeErrors[failure.rawValue] ?? fallbackError
    }

    public func shape(_ name: String) -> [String] { shapes[name] ?? [] }
}

/// Failures the bridge detects itself, named in `errors.yaml` under `bridge:`.
public enum BridgeFailure: String, Sendable, CaseIterable {
    case malformedJSON = "malformed_json"
    case notAnObject = "not_an_object"
    case missingField = "missing_field"
    case wrongType = "wrong_type"
    case fieldTooLong = "field_too_long"
    case invalidValue = "invalid_value"
    case bodyTooLarge = "body_too_large"
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case upstreamUnavailable = "upstream_unavailable"
    case upstreamTimeout = "upstream_timeout"
    case upstreamInvalid = "upstream_invalid"
    /// The V4 deployment lacks the endpoint the route needs (a non-JSON 404).
    case upstreamAbsent = "upstream_absent"
    /// A rate limiter in front of V4 refused the call (a non-JSON 429).
    case upstreamRateLimited = "upstream_rate_limited"
    /// The upstream's circuit breaker is open: not sent.
    case upstreamBusy = "upstream_busy"
    /// A write was sent and its outcome could not be read back: the client is told to check its
    /// records, never that it failed.
    case outcomeUnknown = "outcome_unknown"
    /// D1-B's 管理员密钥 did not match the deployment's (`LEGACY_BRIDGE_ADMIN_KEY`).
    case adminKeyInvalid = "admin_key_invalid"
    /// D1-V1's upload token, or the staged file a submit names, is not one this caller holds
    /// (forged, expired, spent, another user's, never uploaded).
    case uploadTokenInvalid = "upload_token_invalid"
    /// D1-V1's image captcha: wrong, spent, expired or missing.
    case captchaInvalid = "captcha_invalid"
    case internalError = "internal_error"

    /// Raised by one route's own check, so that route's mapping gives its legacy error (not
    /// `errors.yaml`, and not every route's list of codes).
    public var isRouteSpecific: Bool { self == .adminKeyInvalid || self == .uploadTokenInvalid || self == .captchaInvalid }
}
