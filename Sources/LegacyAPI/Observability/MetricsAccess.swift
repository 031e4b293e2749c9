import Hummingbird
import ServerKit

/// Who may read `/metrics` (request counts per route and profile, socket counts: an operator's
/// view, not a client's). With a configured token, whoever sends it; without one, only a peer
/// on this machine (a Prometheus or an operator on the host). Others get 404, as for any path
/// that is not theirs.
struct MetricsAccess: Sendable {
    let token: String?

    func allows(_ request: Request, peer: String?) -> Bool {
        if let token {
            guard let sent = request.bearerToken else { return false }
            return LegacyDeployment.sameSecret(sent, token)
        }
        // No peer: dispatched in process (tests), never from the network.
        guard let peer else { return true }
        return peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("127.") || peer == "::ffff:127.0.0.1"
    }
}
