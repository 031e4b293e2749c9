import BridgeKit
import ServerKit
import V4Contract

/// An admin session on the V4 behind the bridge (`serve --core URL --core-admin …`), for the few
/// admin-only V4 calls the bridge makes on a legacy caller's behalf after checking the caller's
/// right itself: today, granting a campaign's role so that 003 lets a user draw. It logs in with
/// the operator's mobile and code, or starts from a token pair; an expired access token is
/// refreshed, and a failed refresh falls back to logging in again. The secrets are never logged.
public actor ServiceSession {
    public enum Credentials: Sendable {
        /// A V4 admin's mobile and a code the operator obtained (003's development code, or one
        /// an SMS delivered), used to log in and, when a refresh fails, to log in again.
        case login(mobile: String, code: String)
        /// An access and refresh token pair the operator obtained once.
        case tokens(access: String, refresh: String)
    }

    let credentials: Credentials
    private var access: String?
    private var refresh: String?
    /// The last failure to obtain a session, for `/health`.
    public private(set) var lastFailure: String?

    public init(_ credentials: Credentials) {
        self.credentials = credentials
        if case .tokens(let access, let refresh) = credentials {
            self.access = access
            self.refresh = refresh
        }
    }

    /// `LEGACY_BRIDGE_CORE_ADMIN` / `--core-admin`: `mobile:code`, or `tokens:<access>:<refresh>`.
    public static func parse(_ text: String) -> ServiceSession? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[0] == "tokens", !parts[1].isEmpty, !parts[2].isEmpty {
            return ServiceSession(.tokens(access: parts[1], refresh: parts[2]))
        }
        guard parts.count == 2, MobileNumber.isValid(parts[0]), !parts[1].isEmpty else { return nil }
        return ServiceSession(.login(mobile: parts[0], code: parts[1]))
    }

    /// `endpoint` as the service admin; one new session and a second try when V4 says the token
    /// is no longer good.
    public func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, via core: any V4Transport)
        async throws(V4ClientError) -> Output
    {
        var renewed = false
        while true {
            let token = try await currentToken(core)
            do {
                return try await core.call(endpoint, input, as: V4Credentials(token: token, requestID: RequestIdentifier.make()))
            } catch .rejected(let code, let message, let status, let data) {
                guard !renewed, ["TOKEN_EXPIRED", "TOKEN_INVALID", "UNAUTHORIZED", "TOKEN_MISSING"].contains(code) else {
                    throw .rejected(code: code, message: message, status: status, data: data)
                }
                renewed = true
                try await renew(core)
            }
        }
    }

    private func currentToken(_ core: any V4Transport) async throws(V4ClientError) -> String {
        if let access { return access }
        try await renew(core)
        return access ?? ""
    }

    /// A refresh when there is a refresh token, else (or when it fails) a login.
    private func renew(_ core: any V4Transport) async throws(V4ClientError) {
        if let refresh {
            do {
                let grant = try await core.call(
                    V4API.Auth.refresh, V4RefreshRequest(refreshToken: refresh), as: V4Credentials(token: refresh, requestID: RequestIdentifier.make()))
                adopt(grant)
                return
            } catch {
                self.refresh = nil
            }
        }
        guard case .login(let mobile, let code) = credentials else {
            lastFailure = "the service session's tokens are no longer accepted and no login is configured"
            access = nil
            throw V4ClientError(V4Error(.unauthorized))
        }
        do {
            adopt(try await core.call(
                V4API.Auth.login, V4LoginRequest(mobile: mobile, verificationCode: code), as: V4Credentials(token: nil, requestID: RequestIdentifier.make())))
        } catch {
            lastFailure = "the service admin could not log in to V4"
            access = nil
            throw error
        }
    }

    private func adopt(_ grant: V4TokenGrant) {
        access = grant.accessToken
        refresh = grant.refreshToken
        lastFailure = nil
    }
}
