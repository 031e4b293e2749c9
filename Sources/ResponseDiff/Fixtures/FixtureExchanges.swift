import BridgeKit

/// Golden fixture cases as exchanges whose primary is the recording.
public enum FixtureExchanges {
    public static func exchanges(_ file: GoldenFile) -> [Exchange] {
        file.cases.map { golden in
            Exchange(
                name: golden.name,
                request: ReplayRequest(
                    method: golden.method, path: golden.path, headers: golden.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                    body: golden.body),
                principal: golden.principal,
                recorded: SideResponse(status: golden.expectedStatus, raw: golden.expectedBody.serialized()))
        }
    }
}

/// Tokens for fixture principals on one side, for one fixture file (a file is one session):
/// `user`/`merchant` log in through the legacy API, `user_refresh` is that login's refresh token,
/// and other principals (`expired`, `forged`) are minted by the caller, who knows the keys.
public actor FixtureTokens {
    public typealias Mint = @Sendable (_ principal: String) async throws -> String

    let logins: [String: String]
    let code: String
    let mint: Mint
    var sessions: [String: (access: String, refresh: String)] = [:]

    /// `logins`: principal → mobile (the demo user and merchant); `code`: the SMS code to use.
    public init(logins: [String: String], code: String = "123456", mint: @escaping Mint) {
        self.logins = logins
        self.code = code
        self.mint = mint
    }

    public func token(for principal: String, on side: any ResponseSource) async throws -> String? {
        let base = principal.hasSuffix("_refresh") ? String(principal.dropLast("_refresh".count)) : principal
        guard let mobile = logins[base] else { return try await mint(principal) }
        let key = side.label + "|" + base
        if sessions[key] == nil {
            let body: JSONValue = ["mobile": .string(mobile), "verification_code": .string(code)]
            let response = await side.send(ReplayRequest(
                method: "POST", path: "/api/auth/login", headers: [("Content-Type", "application/json")],
                body: Array(body.serialized().utf8)))
            guard let access = response.body?["data"]?["access_token"]?.stringValue,
                let refresh = response.body?["data"]?["refresh_token"]?.stringValue
            else { throw FixtureLoginFailed(principal: base, answer: response.error ?? response.raw) }
            sessions[key] = (access, refresh)
        }
        return principal.hasSuffix("_refresh") ? sessions[key]!.refresh : sessions[key]!.access
    }
}

/// A principal's token cannot be had on this side; the exchange is skipped, not failed.
public struct TokenUnavailable: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Logging a fixture principal in failed: every exchange that needs it is an error.
@PublicInit
public struct FixtureLoginFailed: Error, Sendable, CustomStringConvertible {
    public var principal: String
    public var answer: String
    public var description: String { "login of \(principal) failed: \(answer)" }
}
