import BridgeKit
import Synchronization
import V4Contract

/// D1-V1's lottery maintenance window (`POST /api/v1/merchant/lottery/maintenance`, legacy
/// inventory §4.6.4): while it is open, a draw on either family answers the lottery-maintenance
/// code with the window's message instead of drawing. Held by this process (one per server;
/// each instance behind a load balancer is told separately — Docs/operations.md).
public final class LotteryMaintenance: Sendable {
    public struct Window: Sendable, Equatable {
        public var id: String
        public var enabled: Bool
        /// Nil: from now.
        public var start: Date?
        /// Nil: until switched off.
        public var end: Date?
        public var message: String

        public func covers(_ now: Date) -> Bool {
            enabled && (start.map { $0 <= now } ?? true) && (end.map { now < $0 } ?? true)
        }
    }

    private let window = Mutex<Window?>(nil)

    public init() {}

    /// Replaces the window (an `enabled: false` one ends maintenance).
    public func set(_ new: Window) { window.withLock { $0 = new } }

    /// Ends the window when `matches` says it is the one to end (an `inactive_` window the
    /// wheel's config opened, closed when the wheel is switched back on).
    public func end(where matches: (Window) -> Bool) {
        window.withLock { current in if let open = current, matches(open) { current = nil } }
    }

    /// The window covering `now`, if any.
    public func active(at now: Date = Date()) -> Window? {
        window.withLock { $0.flatMap { $0.covers(now) ? $0 : nil } }
    }
}

/// `POST /api/v1/merchant/lottery/maintenance {enabled, startTime, endTime, message}`: an admin
/// (V4's `role_based_admin`) or a merchant (the restaurant runs its own wheel; §4.6 names the
/// merchant routes' token an admin's) opens or closes the window.
struct LotteryMaintenanceTranslation: LegacyTranslation {
    static let name = "v1.lottery.maintenance"
    static let reads = MappingReads(params: ["default_message"], fields: ["enabled", "start_time", "end_time", "message"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let user = try await call.v4(V4API.Auth.verify, V4NoInput()).user
        guard user.roleBasedAdmin || user.roles.contains(where: { $0.roleName == "merchant" }) else { throw LegacyError(call.mappings.legacyError(forV4Code: "ADMIN_REQUIRED", route: call.route)) }
        guard let maintenance = call.maintenance else {
            throw LegacyError(call.mappings.legacyError(forFailure: .internalError, route: call.route))
        }
        func time(_ name: String) throws -> Date? {
            guard let text = call.input.string(name) else { return nil }
            guard let date = Timestamp.parse(text) else { throw call.fieldError(.invalidValue, field: name) }
            return date
        }
        let start = try time("start_time"), end = try time("end_time")
        if let start, let end, end <= start { throw call.fieldError(.invalidValue, field: "end_time") }
        let window = LotteryMaintenance.Window(
            id: "maint_" + UploadStaging.randomId(), enabled: call.input["enabled"]?.boolValue ?? true, start: start, end: end,
            message: call.input.string("message") ?? call.param("default_message"))
        maintenance.set(window)
        return LegacyReply(data: [
            "maintenanceId": .string(window.id), "enabled": .bool(window.enabled),
            "startTime": start.map { .string(Timestamp.utc($0)) } ?? .null, "endTime": end.map { .string(Timestamp.utc($0)) } ?? .null,
            "message": .string(window.message),
        ])
    }
}
