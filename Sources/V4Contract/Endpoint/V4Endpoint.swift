public import HTTPTypes

/// Whether an endpoint needs a bearer access token.
public enum V4Access: String, Sendable {
    case open
    case bearer
}

/// An endpoint's typed input: read from, and written to, the HTTP parts of a request.
///
/// `init(from:)` is the core's reading of an HTTP request (it validates types and ranges with
/// `V4Input`'s accessors); `write(to:)` is the HTTP transport's writing of the same value.
/// In process the value itself crosses the seam.
public protocol V4EndpointInput: Sendable {
    init(from input: V4Input) throws(V4Error)
    func write(to input: inout V4Input)
    /// Rules a typed value must satisfy whichever way it arrived (e.g. page bounds); the core
    /// checks them before the handler runs.
    func validate() throws(V4Error)
}

extension V4EndpointInput {
    public func validate() throws(V4Error) {}

    /// The HTTP parts of this input.
    public var wire: V4Input {
        var input = V4Input()
        write(to: &input)
        return input
    }
}

/// What every endpoint value says about itself, whatever its types: the walk over
/// `V4API.all` that the tests and the core's registration make.
public protocol V4EndpointDescription: Sendable {
    var id: String { get }
    var method: HTTPRequest.Method { get }
    /// Absolute path templates (`/api/v4/unified-engine/points/balance/:user_id`), the first canonical.
    var paths: [String] { get }
    var access: V4Access { get }
    var successCode: String { get }
    var successMessage: String { get }
    var inputTypeName: String { get }
    var outputTypeName: String { get }
    /// The largest request body the endpoint reads (bytes); larger bodies are refused while they stream in.
    var bodyLimit: Int { get }
    /// Whether a success answer proves events the bridge raises in front of a remote core.
    var raisesEvents: Bool { get }
}

/// One V4 endpoint as a value: method, path template, access, success code and message, and
/// the request and response types. The core registers its handler against this value; the
/// bridge calls it through a transport. Neither side spells a path, a code or a type again.
public struct V4Endpoint<Input: V4EndpointInput, Output: Codable & Sendable>: V4EndpointDescription {
    public static var basePath: String { V4API.basePath }

    public let id: String
    public let method: HTTPRequest.Method
    public let paths: [String]
    public let access: V4Access
    public let successCode: String
    public let successMessage: String
    public let bodyLimit: Int
    /// The canonical path when its template has no parameters, as `target(for:)` writes it.
    private let fixedPath: String?
    /// The per-client-address limit this endpoint counts against (`AddressLimit.defaults`'
    /// kinds: `login`, `admin_login`, `send_code`, `refresh`); nil: none.
    public let addressLimit: String?
    /// JSON bodies: 1 MiB.
    public static var defaultBodyLimit: Int { 1024 * 1024 }
    /// The events a success answer of this endpoint proves (`V4Event+Answers`); nil: none. In
    /// front of a remote core the bridge raises them after every successful write — declared
    /// here once, so no translation has to remember.
    public private(set) var raises: (@Sendable (Output, V4EventContext) -> [V4Event])?

    /// `path` is relative to `/api/v4/unified-engine` unless it starts with `/`; `aliases` are
    /// further paths served by the same handler.
    public init(
        _ id: String, _ method: HTTPRequest.Method, _ path: String, aliases: [String] = [], access: V4Access,
        code: String, message: String, bodyLimit: Int = Self.defaultBodyLimit, addressLimit: String? = nil
    ) {
        self.bodyLimit = bodyLimit
        self.addressLimit = addressLimit
        self.id = id
        self.method = method
        self.paths = ([path] + aliases).map { $0.hasPrefix("/") ? $0 : V4API.basePath + "/" + $0 }
        let segments = paths[0].split(separator: "/", omittingEmptySubsequences: true)
        self.fixedPath = segments.contains { $0.hasPrefix(":") } ? nil : segments.map { "/" + $0 }.joined()
        self.access = access
        self.successCode = code
        self.successMessage = message
    }

    /// This endpoint with the events its answers prove.
    public func raising(_ rule: @escaping @Sendable (Output, V4EventContext) -> [V4Event]) -> Self {
        var copy = self
        copy.raises = rule
        return copy
    }

    public var raisesEvents: Bool { raises != nil }

    public var inputTypeName: String { String(describing: Input.self) }
    public var outputTypeName: String { String(describing: Output.self) }

    /// The path parameter names of the canonical template (`user_id` of `…/:user_id`).
    public var pathParameterNames: [String] {
        paths[0].split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The canonical path with the input's path parameters filled in and its query appended.
    public func target(for input: V4Input) -> String {
        // Most calls (`auth/profile`, `points/balance`…) have neither: the path is fixed.
        if input.query.isEmpty, let fixedPath { return fixedPath }
        var path = ""
        for segment in paths[0].split(separator: "/", omittingEmptySubsequences: true) {
            path += "/"
            if segment.hasPrefix(":") {
                path += V4Query.encode(input.path[String(segment.dropFirst())] ?? "")
            } else {
                path += segment
            }
        }
        let query = input.query.sorted { $0.key < $1.key }.map { "\($0.key)=\(V4Query.encode($0.value))" }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }
}

extension V4Endpoint {
    /// One place the HTTP transport may send a call: a filled-in path (with its query) and the
    /// multipart field name the file goes under there.
    public struct Target: Sendable, Equatable {
        public var path: String
        public var fileField: String?
    }

    /// Where a deployment documented by 003 serves this endpoint, in the order to try: the
    /// canonical path, then the same endpoint under 003's other prefix for its module
    /// (`V4API.alternatePrefixes`), each with the upload field name 003 gives under it.
    public func upstreamTargets(for input: V4Input) -> [Target] {
        let canonical = target(for: input)
        var targets = [Target(path: canonical, fileField: V4API.uploadField(forPath: canonical))]
        let base = V4API.basePath + "/"
        if canonical.hasPrefix(base) {
            let rest = canonical.dropFirst(base.count)
            let module = rest.prefix { $0 != "/" && $0 != "?" }
            if let prefix = V4API.alternatePrefixes[String(module)] {
                let path = prefix + "/" + rest
                targets.append(Target(path: path, fileField: V4API.uploadField(forPath: path)))
            }
        }
        return targets
    }
}
