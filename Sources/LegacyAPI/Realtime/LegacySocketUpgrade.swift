import BridgeKit
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServerKit
import V4Contract

/// Which HTTP requests become legacy sockets: a WebSocket upgrade on one of the realtime paths
/// (`/ws`, and `/` for D1-A's dev URL; the same port as HTTP). Everything else is plain HTTP.
/// Every upgrade is accepted, so a refusal (bad token, limits) reaches the client as a close
/// code and reason a mini-program can read, not as a failed handshake.
struct LegacySocketUpgrade: Sendable {
    let hub: SocketHub
    let core: any V4Transport
    let spec: RealtimeSpec
    let trustedProxies: TrustedProxies

    /// `peer`: the connection's remote IP address.
    func shouldUpgrade(_ request: HTTPRequest, peer: String?, logger: Logger) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let target = request.path ?? "/"
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        guard spec.paths.contains(path) else { return .dontUpgrade }
        let query = target.contains("?") ? String(target[target.index(after: target.firstIndex(of: "?")!)...]) : ""
        var headers = HTTPFields()
        if let offered = request.headerFields[.secWebSocketProtocol],
            let chosen = Self.subprotocol(offered: offered, supported: spec.subprotocols)
        {
            headers[.secWebSocketProtocol] = chosen
        }
        let requestID = request.headerFields[.requestID].flatMap { RequestIdentifier.isAcceptable($0) ? $0 : nil }
            ?? RequestIdentifier.make()
        var logger = logger
        logger[metadataKey: "request_id"] = .string(requestID)
        logger[metadataKey: "ws_path"] = .string(path)
        let address = trustedProxies.clientAddress(peer: peer, forwardedFor: request.headerFields[.xForwardedFor]) ?? "-"
        let session = LegacySocketSession(
            hub: hub, core: core, spec: spec, logger: logger, queryToken: Self.queryValue("token", in: query), requestID: requestID,
            clientAddress: address)
        return .upgrade(headers) { inbound, outbound, _ in
            try await session.run(inbound: inbound, outbound: outbound)
        }
    }

    /// The first subprotocol the client offers that the server supports.
    static func subprotocol(offered: String, supported: [String]) -> String? {
        offered.split(separator: ",").lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { supported.contains($0) }
    }

    /// A percent-decoded query parameter (`+` is a space, as forms send it).
    static func queryValue(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first.map(String.init) == name else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return nil
    }
}
