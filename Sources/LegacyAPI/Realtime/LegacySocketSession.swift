import BridgeKit
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import V4Contract

/// One legacy socket, from upgrade to close: authentication in any of the three documented
/// styles (`?token=` D1-B, `{"type":"authenticate","token":"Bearer …"}` D0,
/// `{"type":"auth","token":"…"}` V1), checked through the V4 core as every HTTP call is; then
/// `ping`/`heartbeat`/`subscribe_products`, and the hub's events, until the client leaves, goes
/// idle or breaks the protocol. Three tasks: this one reads, one drains the outbox onto the
/// wire, one watches the deadlines.
struct LegacySocketSession: Sendable {
    let hub: SocketHub
    let core: any V4Transport
    let spec: RealtimeSpec
    let logger: Logger
    /// The token of a `?token=` URL, if any.
    let queryToken: String?
    let requestID: String
    /// The client address (trusted-proxy aware) its unauthenticated time counts against.
    let clientAddress: String

    /// What the reader and the watchdog share.
    struct Activity {
        let opened = ContinuousClock.now
        var lastSeen: ContinuousClock.Instant
        var authenticated = false
        /// The token it authenticated with, checked again each heartbeat period.
        var token: String?
        /// The client has sent a message, so it reads WebSocket frames by now.
        var clientSpoke = false
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        guard case .success(let (ticket, outbox)) = hub.open(address: clientAddress, waitsForMessage: queryToken == nil) else {
            try await close(.tooManyUnauthenticated, outbound, activity: NIOLockedValueBox(Activity(lastSeen: .now)))
            return
        }
        defer { hub.close(ticket) }
        let activity = NIOLockedValueBox(Activity(lastSeen: .now))
        let session = self
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await session.settle(activity)
                for await text in outbox { try await outbound.write(.text(text)) }
            }
            group.addTask { try await session.watch(activity, outbound, ticket: ticket) }
            group.addTask { try await session.read(inbound, outbound, ticket: ticket, activity: activity) }
            // The first to finish (client gone, deadline, protocol error) ends the socket.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    // MARK: Reading

    private func read(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, ticket: SocketHub.Ticket,
        activity: NIOLockedValueBox<Activity>
    ) async throws {
        if let queryToken {
            guard try await authenticate(queryToken, ticket: ticket, outbound, activity: activity) else { return }
            activity.withLockedValue { $0.authenticated = true }
        }
        var messages = inbound.messages(maxSize: spec.maxMessageBytes).makeAsyncIterator()
        while let message = try await messages.next() {
            activity.withLockedValue {
                $0.lastSeen = .now
                $0.clientSpoke = true
            }
            guard case .text(let text) = message else {
                try await close(.binaryFrame, outbound, activity: activity)
                return
            }
            let now = Date()
            let parsed: JSONObject
            switch Self.parse(text) {
            case .failure(let failure):
                hub.send(LegacySocketMessage.error(failure, at: now), to: ticket)
                continue
            case .success(let object): parsed = object
            }
            let type = parsed["type"]?.stringValue ?? ""
            let authenticated = activity.withLockedValue { $0.authenticated }
            switch type {
            case "authenticate", "auth":
                guard !authenticated else {
                    hub.send(LegacySocketMessage.error(.alreadyAuthenticated, at: now), to: ticket)
                    continue
                }
                guard try await authenticate(Self.token(in: parsed) ?? "", ticket: ticket, outbound, activity: activity) else { return }
                activity.withLockedValue { $0.authenticated = true }
            case _ where !authenticated:
                hub.send(LegacySocketMessage.error(.notAuthenticated, at: now), to: ticket)
            case "ping":
                hub.send(LegacySocketMessage.pong(clientTimestamp: parsed["timestamp"], at: now), to: ticket)
            case "heartbeat":
                hub.send(LegacySocketMessage.heartbeat(at: now), to: ticket)
            case "subscribe_products", "subscribe", "unsubscribe_products", "unsubscribe":
                guard let ids = Self.productIDs(in: parsed) else {
                    hub.send(LegacySocketMessage.error(.invalidSubscription, at: now), to: ticket)
                    continue
                }
                let products = hub.updateSubscription(ticket, ids: ids, subscribe: type.hasPrefix("subscribe"))
                hub.send(LegacySocketMessage.subscribed(products, at: now), to: ticket)
            default:
                hub.send(LegacySocketMessage.error(.unknownType(type), at: now), to: ticket)
            }
        }
    }

    /// Asks the core about the token; binds the socket to its user and says `connected`, or
    /// closes the socket and returns false.
    private func authenticate(
        _ token: String, ticket: SocketHub.Ticket, _ outbound: WebSocketOutboundWriter, activity: NIOLockedValueBox<Activity>
    ) async throws -> Bool {
        guard !token.isEmpty, token.utf8.count <= 4096 else {
            try await close(.unauthorized, outbound, activity: activity)
            return false
        }
        let user: V4User
        do {
            user = try await core.call(V4API.Auth.verify, V4NoInput(), as: V4Credentials(token: token, requestID: requestID)).user
        } catch .rejected {
            try await close(.unauthorized, outbound, activity: activity)
            return false
        } catch {
            logger.warning("socket authentication failed: core unavailable", metadata: ["error": "\(error)"])
            try await close(.coreUnavailable, outbound, activity: activity)
            return false
        }
        switch hub.authenticate(ticket, userId: user.userId, token: token) {
        case .success: break
        case .failure(let refusal):
            try await close(refusal == .tooManyForUser ? .tooManyForUser : .serverFull, outbound, activity: activity)
            return false
        }
        activity.withLockedValue { $0.token = token }
        logger.info("socket authenticated", metadata: ["user_id": "\(user.userId)"])
        hub.send(LegacySocketMessage.connected(userId: user.userId, at: Date()), to: ticket)
        return true
    }

    // MARK: Deadlines

    /// Closes the socket when it has not authenticated in time, or has gone quiet; sends D0's
    /// `heartbeat` to an authenticated socket every `heartbeatSeconds`. With heartbeats on, a
    /// quiet client is alive while it answers the WebSocket pings sent with them (the
    /// connection's auto-ping closes it after an unanswered one), so only the silence of a
    /// server without heartbeats closes it here.
    private func watch(_ activity: NIOLockedValueBox<Activity>, _ outbound: WebSocketOutboundWriter, ticket: SocketHub.Ticket) async throws {
        let opened = ContinuousClock.now
        let authDeadline = opened + .seconds(spec.authTimeoutSeconds)
        let idle = Duration.seconds(spec.idleTimeoutSeconds)
        let heartbeat = spec.heartbeatSeconds > 0 ? Duration.seconds(spec.heartbeatSeconds) : nil
        var nextBeat: ContinuousClock.Instant?
        while true {
            let (lastSeen, authenticated) = activity.withLockedValue { ($0.lastSeen, $0.authenticated) }
            let now = ContinuousClock.now
            if !authenticated, now >= authDeadline {
                try await close(.authenticationTimeout, outbound, activity: activity)
                return
            }
            if heartbeat == nil || !authenticated, now >= lastSeen + idle {
                try await close(.idle, outbound, activity: activity)
                return
            }
            var next = authenticated ? lastSeen + idle : min(authDeadline, lastSeen + idle)
            if let heartbeat, authenticated {
                if let beat = nextBeat, now >= beat {
                    // A socket lives only as long as its session: logged out, its refresh token
                    // reused (the family revoked), or expired, it is closed (4001).
                    guard try await stillValid(activity) else {
                        try await close(.unauthorized, outbound, activity: activity)
                        return
                    }
                    hub.send(LegacySocketMessage.heartbeat(at: Date()), to: ticket)
                    nextBeat = beat + heartbeat
                } else if nextBeat == nil {
                    nextBeat = now + heartbeat
                }
                next = nextBeat!
            }
            try await Task.sleep(until: next, tolerance: .milliseconds(100), clock: .continuous)
        }
    }

    /// Whether the socket's token is still accepted by the core; a core that cannot answer now
    /// keeps the socket (the next period asks again).
    private func stillValid(_ activity: NIOLockedValueBox<Activity>) async throws -> Bool {
        guard let token = activity.withLockedValue({ $0.token }) else { return true }
        do {
            _ = try await core.call(V4API.Auth.verify, V4NoInput(), as: V4Credentials(token: token, requestID: requestID))
            return true
        } catch .rejected {
            return false
        } catch {
            return true
        }
    }

    /// Holds the server's first frame until the client has spoken or `handshake_settle_ms` has
    /// passed since the upgrade. Clients that read the 101 answer and the bytes behind it in one
    /// go drop those bytes (a known bug class: netty 3, websocket-sharp, and the swift-websocket
    /// client the tests use lost one close in three runs without this); Docs/compatibility.md W6.
    private func settle(_ activity: NIOLockedValueBox<Activity>) async {
        let (opened, spoke) = activity.withLockedValue { ($0.opened, $0.clientSpoke) }
        guard !spoke, spec.handshakeSettleMilliseconds > 0 else { return }
        try? await Task.sleep(until: opened + .milliseconds(spec.handshakeSettleMilliseconds), clock: .continuous)
    }

    private func close(_ reason: LegacySocketClose, _ outbound: WebSocketOutboundWriter, activity: NIOLockedValueBox<Activity>) async throws {
        await settle(activity)
        logger.info("socket closed by server", metadata: ["close_code": "\(reason.code)", "reason": "\(reason.reason)"])
        try await outbound.close(reason.code, reason: reason.reason)
    }

    // MARK: Parsing client messages

    static func parse(_ text: String) -> Result<JSONObject, LegacySocketFailure> {
        guard let value = try? JSONValue.parse(text) else { return .failure(.malformedJSON) }
        guard let object = value.objectValue, case .string(let type)? = object["type"], !type.isEmpty else {
            return .failure(.missingType)
        }
        return .success(object)
    }

    /// D0 `"Bearer …"` or V1's bare token, at the top or (V1's generic format) under `data`.
    static func token(in message: JSONObject) -> String? {
        let raw = message["token"]?.stringValue ?? message["data"]?.objectValue?["token"]?.stringValue
        guard var token = raw?.trimmingCharacters(in: .whitespaces) else { return nil }
        if token.lowercased().hasPrefix("bearer ") { token = String(token.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        return token
    }

    /// `product_ids` (D1-B, at the top; V1 under `data`): positive integers, at most 100; absent
    /// means all (for an unsubscribe: back to hearing about every product).
    static func productIDs(in message: JSONObject) -> [Int64]?? {
        guard let value = message["product_ids"] ?? message["data"]?.objectValue?["product_ids"], value != .null else {
            return .some(nil)
        }
        guard case .array(let items) = value, items.count <= 100 else { return nil }
        var ids: [Int64] = []
        for item in items {
            guard let id = item.intValue, id > 0 else { return nil }
            ids.append(id)
        }
        return .some(ids)
    }
}
