import AsyncHTTPClient
import BridgeKit
import Foundation
import NIOCore
import NIOHTTP1
import V4Core

/// Sends verification codes through an SMS gateway over HTTP: `POST <url>` with
/// `{"mobile": …, "code": …, "template": "verification"}` and `Authorization: Bearer <token>`;
/// any 2xx is sent. Configured from the environment (`LEGACY_BRIDGE_SMS_URL`,
/// `LEGACY_BRIDGE_SMS_TOKEN`); the code never reaches a log. A gateway that speaks another
/// dialect is a small adapter in front of it, or another `SMSSender`.
public struct HTTPSMSSender: SMSSender {
    let url: String
    let token: String?
    let timeout: TimeAmount

    public init(url: String, token: String?, timeout: TimeAmount = .seconds(10)) {
        self.url = url
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
    }

    /// From `LEGACY_BRIDGE_SMS_URL` / `LEGACY_BRIDGE_SMS_TOKEN`; nil when no URL is set.
    public static func fromEnvironment(_ environment: [String: String]) throws -> HTTPSMSSender? {
        guard let url = environment["LEGACY_BRIDGE_SMS_URL"], !url.isEmpty else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw V4Error(.invalidParameter, "LEGACY_BRIDGE_SMS_URL must be an http(s) URL")
        }
        return HTTPSMSSender(url: url, token: environment["LEGACY_BRIDGE_SMS_TOKEN"])
    }

    public func send(code: String, to mobile: String) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if let token { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        let body: JSONValue = ["mobile": .string(mobile), "code": .string(code), "template": "verification"]
        request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw V4Error(.smsUnavailable)
        }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else { throw V4Error(.smsUnavailable) }
    }
}
