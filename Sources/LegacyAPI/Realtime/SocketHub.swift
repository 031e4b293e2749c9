import BridgeKit
import NIOConcurrencyHelpers
import ServerKit
import V4Contract

/// Every open legacy socket, by user, and the fan-out of events onto them. Delivery never waits
/// on a socket: each has a bounded queue of rendered messages drained by its own task; when a
/// slow client lets it fill, the oldest waiting message is dropped (the newest balance and stock
/// matter; counted in `/metrics`). Events arrive from the bus on the raiser's task, after commit.
public final class SocketHub: Sendable {
    public typealias Ticket = Int

    struct Socket {
        var userId: Int64?
        /// The token it authenticated with (the change watcher reads V4 as this user).
        var token: String?
        /// The client address it counts against while unauthenticated.
        var address: String
        /// Products the socket subscribed to; nil = it never subscribed, so it hears about all.
        var products: Set<Int64>?
        let outbox: AsyncStream<String>.Continuation
    }

    struct State {
        var next = 0
        var sockets: [Ticket: Socket] = [:]
        var byUser: [Int64: Set<Ticket>] = [:]
        var unauthenticated = 0
        var unauthenticatedByAddress: [String: Int] = [:]
        var authenticated = 0
    }

    /// Why a socket got no place.
    enum Refusal: Error {
        case tooManyUnauthenticated, serverFull, tooManyForUser
    }

    public struct Counters: Sendable, Equatable {
        public var open = 0
        public var authenticated = 0
        public var users = 0
        public var delivered = 0
        public var dropped = 0
    }

    let spec: RealtimeSpec
    let mappings: MappingSet
    private let state = NIOLockedValueBox(State())
    private let counters = NIOLockedValueBox(Counters())
    private let subscription = NIOLockedValueBox<EventSubscription?>(nil)

    init(spec: RealtimeSpec, mappings: MappingSet, bus: any EventBus) {
        self.spec = spec
        self.mappings = mappings
        let events = bus.subscribe { [weak self] event in self?.deliver(event) }
        subscription.withLockedValue { $0 = events }
    }

    /// Stops listening to the bus and ends every socket's outbox.
    public func shutdown() {
        subscription.withLockedValue { $0?.cancel(); $0 = nil }
        let outboxes = state.withLockedValue { state in
            defer { state = State(next: state.next) }
            return state.sockets.values.map(\.outbox)
        }
        outboxes.forEach { $0.finish() }
    }

    /// A slot for a new, not yet authenticated socket from `address` and the stream of messages
    /// to write to it; refused beyond `max_unauthenticated` in all or
    /// `max_unauthenticated_per_address` from one address. It takes none of `max_connections`
    /// until it authenticates.
    /// `waitsForMessage`: the socket brought no `?token=` and may wait up to the auth deadline
    /// for its `authenticate` message; only such sockets are bounded (a URL token is checked at
    /// once, and a bad one closes the socket).
    func open(address: String, waitsForMessage: Bool = true) -> Result<(Ticket, AsyncStream<String>), Refusal> {
        let (stream, outbox) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(spec.queueSize))
        let ticket = state.withLockedValue { state -> Ticket? in
            guard !waitsForMessage
                || (state.unauthenticated < spec.maxUnauthenticated
                    && state.unauthenticatedByAddress[address, default: 0] < spec.maxUnauthenticatedPerAddress)
            else { return nil }
            state.next += 1
            state.sockets[state.next] = Socket(userId: nil, address: address, products: nil, outbox: outbox)
            state.unauthenticated += 1
            state.unauthenticatedByAddress[address, default: 0] += 1
            return state.next
        }
        guard let ticket else {
            outbox.finish()
            return .failure(.tooManyUnauthenticated)
        }
        return .success((ticket, stream))
    }

    /// Binds the socket to its user, moving it from the unauthenticated to the authenticated
    /// count; refused when `max_connections` sockets are authenticated, or the user has
    /// `max_connections_per_user`.
    func authenticate(_ ticket: Ticket, userId: Int64, token: String? = nil) -> Result<Void, Refusal> {
        state.withLockedValue { state in
            guard let socket = state.sockets[ticket], socket.userId == nil else { return .failure(.serverFull) }
            guard state.authenticated < spec.maxConnections else { return .failure(.serverFull) }
            guard state.byUser[userId, default: []].count < spec.maxConnectionsPerUser else { return .failure(.tooManyForUser) }
            Self.leaveUnauthenticated(socket, &state)
            state.authenticated += 1
            state.sockets[ticket]!.userId = userId
            state.sockets[ticket]!.token = token
            state.byUser[userId, default: []].insert(ticket)
            return .success(())
        }
    }

    private static func leaveUnauthenticated(_ socket: Socket, _ state: inout State) {
        state.unauthenticated -= 1
        state.unauthenticatedByAddress[socket.address, default: 1] -= 1
        if state.unauthenticatedByAddress[socket.address] == 0 { state.unauthenticatedByAddress[socket.address] = nil }
    }

    /// Most products one socket may single out (beyond it, the oldest choices are not kept).
    static let maxSubscribedProducts = 1000

    /// `subscribe_products` adds the ids (none given: every product again), `unsubscribe_products`
    /// removes them (none given: every product again). Returns the ids the socket now hears
    /// about, sorted, or nil for every product.
    func updateSubscription(_ ticket: Ticket, ids: [Int64]?, subscribe: Bool) -> [Int64]? {
        state.withLockedValue { state -> [Int64]? in
            guard state.sockets[ticket] != nil else { return nil }
            guard let ids else {
                state.sockets[ticket]!.products = nil
                return nil
            }
            var products = state.sockets[ticket]!.products ?? []
            if subscribe { products.formUnion(ids) } else { products.subtract(ids) }
            if products.count > Self.maxSubscribedProducts { products = Set(products.sorted().suffix(Self.maxSubscribedProducts)) }
            state.sockets[ticket]!.products = products
            return products.sorted()
        }
    }

    /// Queues a reply for one socket (behind any events already waiting, so order holds).
    func send(_ text: String, to ticket: Ticket) {
        guard let outbox = state.withLockedValue({ $0.sockets[ticket]?.outbox }) else { return }
        record(outbox.yield(text))
    }

    func close(_ ticket: Ticket) {
        let outbox = state.withLockedValue { state -> AsyncStream<String>.Continuation? in
            guard let socket = state.sockets.removeValue(forKey: ticket) else { return nil }
            if let userId = socket.userId {
                state.authenticated -= 1
                state.byUser[userId]?.remove(ticket)
                if state.byUser[userId]?.isEmpty == true { state.byUser[userId] = nil }
            } else {
                Self.leaveUnauthenticated(socket, &state)
            }
            return socket.outbox
        }
        outbox?.finish()
    }

    /// The users with an authenticated socket here, each with one of their sockets' tokens.
    public func connectedUsers() -> [Int64: String] {
        state.withLockedValue { state in
            var users: [Int64: String] = [:]
            for (userId, tickets) in state.byUser {
                for ticket in tickets {
                    if let token = state.sockets[ticket]?.token {
                        users[userId] = token
                        break
                    }
                }
            }
            return users
        }
    }

    /// Renders the event once and queues it on every socket it concerns.
    func deliver(_ event: V4Event) {
        let text = LegacySocketMessage.event(event, mappings: mappings)
        let targets = state.withLockedValue { state -> [AsyncStream<String>.Continuation] in
            switch event {
            case .stockChanged(let change):
                return state.sockets.values.filter { $0.userId != nil && ($0.products?.contains(change.productId) ?? true) }.map(\.outbox)
            default:
                if let userId = event.userId {
                    return (state.byUser[userId] ?? []).compactMap { state.sockets[$0]?.outbox }
                }
                return state.sockets.values.filter { $0.userId != nil }.map(\.outbox)
            }
        }
        for outbox in targets { record(outbox.yield(text)) }
    }

    private func record(_ result: AsyncStream<String>.Continuation.YieldResult) {
        counters.withLockedValue { counters in
            switch result {
            case .enqueued: counters.delivered += 1
            case .dropped: counters.delivered += 1; counters.dropped += 1
            case .terminated: break
            @unknown default: break
            }
        }
    }

    /// Sockets open and authenticated now, users with one, and messages queued and dropped so far.
    public var counts: Counters {
        var snapshot = counters.withLockedValue { $0 }
        state.withLockedValue { state in
            snapshot.open = state.sockets.count
            snapshot.authenticated = state.byUser.values.reduce(0) { $0 + $1.count }
            snapshot.users = state.byUser.count
        }
        return snapshot
    }
}
