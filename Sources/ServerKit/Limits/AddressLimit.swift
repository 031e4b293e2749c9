import BridgeKit

/// How many requests of one kind one client address may make in a window. The kinds are the
/// brute-force and SMS-pumping targets (`login`, `admin_login`, `send_code`, `refresh`); the V4
/// endpoints name theirs (`V4Endpoint.addressLimit`), and both API families count through them.
@PublicInit
public struct AddressLimit: Sendable, Equatable, CustomStringConvertible {
    public var limit: Int
    public var window: TimeInterval

    /// `120/60`: 120 requests per 60 seconds.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let limit = Int(parts[0]), let window = Int(parts[1]), limit > 0, window > 0 else { return nil }
        self.init(limit: limit, window: TimeInterval(window))
    }

    public var description: String { "\(limit)/\(Int(window))" }

    /// Per client address, per minute. Generous on purpose: a carrier-grade NAT puts thousands
    /// of phones behind one IPv4 address, and a restaurant's Wi-Fi puts a lunch crowd behind one
    /// (Docs/operations.md gives the reasoning). The per-account lockout (5 failures) is what
    /// stops guessing one account; these stop one address from sweeping many.
    public static let defaults: [String: AddressLimit] = [
        // A login per user per visit; 120 a minute is two a second from one address.
        "login": AddressLimit(limit: 120, window: 60),
        // Staff log in a few times a day, from a handful of machines.
        "admin_login": AddressLimit(limit: 20, window: 60),
        // Each code costs an SMS: 30 a minute from one address, on top of one per number per minute.
        "send_code": AddressLimit(limit: 30, window: 60),
        // Every open mini-program refreshes about every two hours; 600 a minute is ample.
        "refresh": AddressLimit(limit: 600, window: 60),
    ]
}
