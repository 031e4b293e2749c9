import GRDB
import V4Contract

// The values a constrained column may hold, as types: a typo is a compile error, and
// `StatusValuesTests` holds each enum against the CHECK constraint of its column in the schema
// the migrations create.

/// `users.status`, `products.status`, `lottery_campaigns.status`, `lottery_prizes.status`.
public enum ActiveStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case active, inactive
}

/// `image_resources.review_status`. `reviewing` is V4's intermediate state; legacy clients
/// see it as pending.
public enum ReviewStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case pending, reviewing, approved, rejected
}

/// `exchange_records.status`: the contract's own vocabulary, stored as is.
extension V4ExchangeStatus: DatabaseValueConvertible {}

/// `user_inventories.status`.
public enum InventoryStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case available, used, expired, transferred
}

/// A status value written into SQL text (`WHERE status = \(ActiveStatus.active.sql)`): quoted,
/// and spelled by the type so the statement and the CHECK cannot drift apart.
public protocol SQLStatusValue: RawRepresentable where RawValue == String {}

extension SQLStatusValue {
    public var sql: String { "'\(rawValue)'" }
}

extension ActiveStatus: SQLStatusValue {}
extension ReviewStatus: SQLStatusValue {}
extension InventoryStatus: SQLStatusValue {}
extension V4ExchangeStatus: SQLStatusValue {}
