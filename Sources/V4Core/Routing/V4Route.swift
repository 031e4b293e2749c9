import BridgeKit
import Hummingbird
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a V4 handler receives: the parsed input, the caller's identity on protected routes,
/// and the path parameters.
public struct V4Call: Sendable {
    public let request: Request
    public let context: AppRequestContext
    public let input: V4Input
    public let identity: Identity?

    /// The identity on a protected route (always set there).
    public var caller: Identity {
        get throws {
            guard let identity else { throw V4Error(.unauthorized) }
            return identity
        }
    }

    public func pathInt(_ name: String) throws -> Int64 {
        guard let text = context.parameters.get(name), let value = Int64(text), value > 0 else {
            throw V4Error(.invalidParameter, "路径参数 \(name) 无效")
        }
        return value
    }

    public func pathString(_ name: String) throws -> String {
        guard let text = context.parameters.get(name), !text.isEmpty, text.count <= 100 else {
            throw V4Error(.invalidParameter, "路径参数 \(name) 无效")
        }
        return text
    }

    /// V4 rule for per-user resources: the user themself or an admin (`SELF_ONLY` otherwise).
    public func requireSelfOrAdmin(_ userId: Int64) throws {
        let caller = try caller
        guard caller.userId == userId || caller.isAdmin else { throw V4Error(.selfOnly) }
    }
}

/// Whether a route needs a bearer access token.
public enum V4Access: Sendable {
    case open
    case bearer
}

extension RouterGroup where Context == AppRequestContext {
    /// Registers a V4 endpoint: reads input, authenticates when asked, runs the handler and wraps
    /// its result in the success envelope. The shared mechanism behind every V4 route.
    @discardableResult
    public func v4<Payload: Encodable & Sendable>(
        _ method: HTTPRequest.Method, _ path: RouterPath, access: V4Access, auth: AuthService,
        code: String, message: String, status: HTTPResponse.Status = .ok,
        _ handler: @escaping @Sendable (V4Call) async throws -> Payload
    ) -> Self {
        on(path, method: method) { request, context in
            let input = try await V4Input.read(request, context: context)
            var identity: Identity?
            if access == .bearer {
                identity = try await auth.authenticate(accessToken: request.bearerToken)
            }
            let payload = try await handler(V4Call(request: request, context: context, input: input, identity: identity))
            return try V4Envelope.success(
                code: code, message: message, data: payload, requestID: context.requestID, status: status)
        }
        return self
    }
}

extension Request {
    /// The token of an `Authorization: Bearer …` header, if any.
    public var bearerToken: String? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
