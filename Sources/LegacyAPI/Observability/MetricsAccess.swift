import Hummingbird
import ServerKit

/// Who may read `/metrics` (request counts per route and profile, socket counts: an operator's
/// view, not a client's). With a configured token, whoever sends it; without one, only a peer
/// on this machine (a Prometheus or an operator on the host). Behind a trusted proxy on this
/// machine (nginx), the client the proxy names in `X-Forwarded-For` is judged, not the proxy:
/// otherwise every outside client would arrive from 127.0.0.1. Others get 404, as for any path
/// that is not theirs.
struct MetricsAccess: Sendable {
    let token: String?
    var trustedProxies: TrustedProxies = .none

    func allows(_ request: Request, peer: String?) -> Bool {
        if let token {
            guard let sent = request.bearerToken else { return false }
            return LegacyDeployment.sameSecret(sent, token)
        }
        // No peer: dispatched in process (tests), never from the network.
        guard var peer else { return true }
        if trustedProxies.contains(peer) {
            guard let client = trustedProxies.clientAddress(peer: peer, forwardedFor: request.headers[.xForwardedFor]) else { return false }
            peer = client
        }
        return peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("127.") || peer == "::ffff:127.0.0.1"
    }
}
