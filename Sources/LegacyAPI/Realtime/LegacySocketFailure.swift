import NIOWebSocket

/// A client message the socket could not act on: answered with an `error` message carrying the
/// legacy code errors.yaml gives the same failure over HTTP; the socket stays open.
enum LegacySocketFailure: Error, Equatable, Sendable {
    case malformedJSON
    case missingType
    case unknownType(String)
    case invalidSubscription
    case notAuthenticated
    case alreadyAuthenticated

    var code: Int {
        switch self {
        case .malformedJSON: 4007
        case .missingType: 4001
        case .unknownType: 4003
        case .invalidSubscription: 4002
        case .notAuthenticated: 2001
        case .alreadyAuthenticated: 4003
        }
    }

    var message: String {
        switch self {
        case .malformedJSON: "JSON格式错误"
        case .missingType: "必填参数缺失：type"
        case .unknownType(let type): "未知的消息类型：\(type.prefix(40))"
        case .invalidSubscription: "参数格式错误：product_ids 必须是正整数数组（最多100个）"
        case .notAuthenticated: "用户未登录：请先发送 authenticate 或 auth 消息"
        case .alreadyAuthenticated: "已认证"
        }
    }
}

/// Why the server closes a socket: an RFC 6455 close code (4000–4999 are ours) and a short reason.
enum LegacySocketClose: Equatable, Sendable {
    /// No token, or one the core refused (forged, expired, logged out).
    case unauthorized
    /// Nothing that authenticates arrived within the auth timeout.
    case authenticationTimeout
    /// The user already has the per-user maximum of sockets open.
    case tooManyForUser
    /// The server has the maximum of sockets open.
    case serverFull
    /// Too many sockets waiting to authenticate, in all or from this client address.
    case tooManyUnauthenticated
    /// Nothing received within the idle timeout.
    case idle
    /// Binary frames carry nothing in this protocol.
    case binaryFrame
    /// A message larger than the limit.
    case tooLarge
    /// The core could not be asked about the token.
    case coreUnavailable
    /// The server is shutting down.
    case shuttingDown

    var code: WebSocketErrorCode {
        switch self {
        case .unauthorized: .init(codeNumber: 4001)
        case .authenticationTimeout: .init(codeNumber: 4008)
        case .tooManyForUser: .init(codeNumber: 4029)
        case .serverFull: .init(codeNumber: 1013)
        case .tooManyUnauthenticated: .init(codeNumber: 1013)
        case .idle: .goingAway
        case .binaryFrame: .unacceptableData
        case .tooLarge: .messageTooLarge
        case .coreUnavailable: .unexpectedServerError
        case .shuttingDown: .goingAway
        }
    }

    /// ASCII, well under the 123 bytes a close reason may have.
    var reason: String {
        switch self {
        case .unauthorized: "unauthorized: token missing, invalid, expired or revoked"
        case .authenticationTimeout: "authentication timeout"
        case .tooManyForUser: "too many connections for this user"
        case .serverFull: "server connection limit reached, try again later"
        case .tooManyUnauthenticated: "too many connections waiting to authenticate, try again later"
        case .idle: "idle timeout"
        case .binaryFrame: "binary frames are not accepted"
        case .tooLarge: "message too large"
        case .coreUnavailable: "authentication service unavailable"
        case .shuttingDown: "server shutting down"
        }
    }
}
