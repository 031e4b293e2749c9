import BridgeKit
import Logging
import NIOConcurrencyHelpers
import ServerKit
import V4Contract

/// Changes made outside the bridge reach the legacy sockets: 003 documents no push channel, so
/// an admin approving a receipt in V4's own console, or points adjusted there, would never be
/// heard. For every user with an authenticated socket on this instance the watcher reads two
/// documented endpoints as that user (`points/balance/:user_id`, the first page of
/// `photo/my-uploads`) once per `interval`, at most `budget` V4 requests a second (a round with
/// more users takes longer than `interval`), and pushes what changed to this instance's sockets
/// only (every instance watches its own sockets). Once a round it also reads 003's announcement
/// list (`GET /api/v4/system/announcements`, L3010-3055) as one of those users, and pushes a new
/// one as `system_message` to every socket here. Events the bridge raised itself move the
/// watcher's baseline first, so a change is pushed once.
public final class ChangeWatcher: Sendable {
    public struct Settings: Sendable {
        public var interval: Duration = .seconds(30)
        /// V4 requests a second, at most, for this instance's watching.
        public var budget: Double = 20
        /// How long a change the watcher found waits before it is pushed: a write through the
        /// bridge that V4 has committed but whose answer (and event) is still on its way is
        /// pushed by its own event, not a second time by the watcher.
        public var grace: Duration = .seconds(2)
        public init() {}
    }

    /// What the watcher last saw of one user.
    struct Seen {
        var balance: Int?
        /// resource id → review status.
        var uploads: [Int64: String] = [:]
    }

    public struct Counts: Sendable, Equatable {
        public var reads = 0
        public var pushed = 0
        public var failed = 0
    }

    /// Reads per user per round.
    public static let readsPerUser = 2

    let hub: SocketHub
    let core: any V4Transport
    let bus: any EventBus
    let settings: Settings
    let logger: Logger
    private let seen = NIOLockedValueBox<[Int64: Seen]>([:])
    /// The newest announcement id seen (nil: not read yet).
    private let newestAnnouncement = NIOLockedValueBox<Int64?>(nil)
    /// Changes found, waiting out `grace`.
    private let pending = NIOLockedValueBox<[(event: V4Event, found: ContinuousClock.Instant)]>([])
    private let counters = NIOLockedValueBox(Counts())

    public init(hub: SocketHub, core: any V4Transport, bus: any EventBus, settings: Settings = Settings(), logger: Logger) {
        self.hub = hub
        self.core = core
        self.bus = bus
        self.settings = settings
        self.logger = logger
    }

    public var counts: Counts { counters.withLockedValue { $0 } }

    /// V4 requests per socket-minute at this interval (the cost the operator pays), besides one
    /// announcement read per round per instance.
    public static func requestsPerSocketMinute(interval: Duration) -> Double {
        Double(readsPerUser) * 60 / max(0.001, Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
    }

    /// Watches until cancelled.
    public func run() async {
        let subscription = bus.subscribe { [weak self] event in self?.absorb(event) }
        defer { subscription.cancel() }
        let pause = Duration.seconds(Double(Self.readsPerUser) / max(0.01, settings.budget))
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let users = hub.connectedUsers()
            seen.withLockedValue { seen in seen = seen.filter { users[$0.key] != nil } }
            if let (_, token) = users.min(by: { $0.key < $1.key }) {
                await checkAnnouncements(token: token)
            }
            for (userId, token) in users.sorted(by: { $0.key < $1.key }) {
                guard !Task.isCancelled else { return }
                await check(userId, token: token)
                try? await Task.sleep(for: pause)
            }
            flush()
            let rest = settings.interval - started.duration(to: .now)
            if rest > .zero { try? await Task.sleep(for: rest) }
        }
    }

    /// One user's reads, and the pushes for what changed since the last.
    func check(_ userId: Int64, token: String) async {
        let credentials = V4Credentials(token: token, requestID: "watch-\(userId)")
        let balance = try? await core.call(V4API.Points.balance, V4UserPath(userId: userId), as: credentials)
        let uploads = try? await core.call(V4API.Photo.myUploads, V4UploadsQuery(page: V4PageQuery(page: 1, limit: 20)), as: credentials)
        counters.withLockedValue {
            $0.reads += Self.readsPerUser
            $0.failed += (balance == nil ? 1 : 0) + (uploads == nil ? 1 : 0)
        }
        let now = Date()
        let events: [V4Event] = seen.withLockedValue { seen in
            var events: [V4Event] = []
            var entry = seen[userId]
            let first = entry == nil
            if entry == nil { entry = Seen() }
            if let uploads {
                for upload in uploads.uploads {
                    let before = entry!.uploads[upload.resourceId]
                    entry!.uploads[upload.resourceId] = upload.reviewStatus
                    guard !first, let before, before == "pending" || before == "reviewing",
                        upload.reviewStatus == "approved" || upload.reviewStatus == "rejected"
                    else { continue }
                    events.append(.reviewDecided(V4ReviewDecision(
                        userId: userId, resourceId: upload.resourceId, uploadId: upload.uploadId, status: upload.reviewStatus,
                        pointsAwarded: upload.pointsAwarded, reason: upload.rejectionReason ?? upload.reviewReason, reviewerName: nil, at: now)))
                }
            }
            if let balance {
                if let before = entry!.balance, before != balance.availablePoints {
                    events.append(.pointsChanged(V4PointsChange(
                        userId: userId, balanceBefore: before, balanceAfter: balance.availablePoints,
                        reason: balance.availablePoints > before ? "积分增加" : "积分减少", source: "external", at: now)))
                }
                entry!.balance = balance.availablePoints
            }
            seen[userId] = entry
            return events
        }
        let found = ContinuousClock.now
        pending.withLockedValue { $0.append(contentsOf: events.map { ($0, found) }) }
    }

    /// Pushes the changes found at least `grace` ago that no event of the bridge explained.
    func flush(now: ContinuousClock.Instant = .now) {
        let grace = settings.grace
        let due: [V4Event] = pending.withLockedValue { pending in
            let due = pending.filter { $0.found.duration(to: now) >= grace }.map(\.event)
            pending.removeAll { $0.found.duration(to: now) >= grace }
            return due
        }
        for event in due { hub.deliver(event) }
        if !due.isEmpty { counters.withLockedValue { $0.pushed += due.count } }
    }

    /// New announcements since the last read, pushed to every socket here.
    func checkAnnouncements(token: String) async {
        let credentials = V4Credentials(token: token, requestID: "watch-announcements")
        let list = try? await core.call(V4API.Upstream.announcements, V4PendingReviewsQuery(page: V4PageQuery(page: 1, limit: 20)), as: credentials)
        counters.withLockedValue {
            $0.reads += 1
            $0.failed += list == nil ? 1 : 0
        }
        guard let list else { return }
        let now = Date()
        let fresh: [V4Announcements.Item] = newestAnnouncement.withLockedValue { newest in
            let top = list.announcements.map(\.id).max()
            defer { if let top { newest = max(newest ?? top, top) } }
            guard let seen = newest else {
                newest = top ?? 0
                return []
            }
            return list.announcements.filter { $0.id > seen }.sorted { $0.id < $1.id }
        }
        for item in fresh {
            hub.deliver(.systemMessage(V4SystemMessage(
                announcementId: item.id, title: item.title, content: item.content, messageType: item.isImportant == true ? "warning" : "info",
                actionType: "none", actionTarget: nil, isImportant: item.isImportant ?? false, userId: nil, at: now)))
        }
        if !fresh.isEmpty { counters.withLockedValue { $0.pushed += fresh.count } }
    }

    /// An event raised through the bridge: the baseline moves, so the poll does not push it again.
    func absorb(_ event: V4Event) {
        // A change found by polling that this event explains is the event's to push.
        pending.withLockedValue { pending in
            pending.removeAll { found in
                switch (found.event, event) {
                case (.pointsChanged(let polled), .pointsChanged(let raised)):
                    polled.userId == raised.userId && polled.balanceAfter == raised.balanceAfter
                case (.reviewDecided(let polled), .reviewDecided(let raised)):
                    polled.userId == raised.userId && polled.resourceId == raised.resourceId
                default: false
                }
            }
        }
        seen.withLockedValue { seen in
            switch event {
            case .pointsChanged(let change) where seen[change.userId] != nil:
                seen[change.userId]!.balance = change.balanceAfter
            case .reviewDecided(let decision) where seen[decision.userId] != nil:
                seen[decision.userId]!.uploads[decision.resourceId] = decision.status
            default: break
            }
        }
        if case .systemMessage(let message) = event, message.userId == nil {
            newestAnnouncement.withLockedValue { newest in newest = newest.map { max($0, message.announcementId) } }
        }
    }
}
