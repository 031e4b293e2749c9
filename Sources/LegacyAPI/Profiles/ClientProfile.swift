import BridgeKit

/// A named client profile: small declarative changes over the union answers, per route, for the
/// v2.1 builds whose own doc cannot be unioned with the others (`Mappings/profiles.yaml`).
public struct ClientProfile: Sendable, Equatable {
    public var name: String
    public var changes: [ProfileChange]

    /// The union answer as it is (today's behaviour).
    public static let union = ClientProfile(name: "union", changes: [])

    /// The changes that apply to a route, in file order.
    func changes(for routeId: String) -> [ProfileChange] { changes.filter { $0.route == routeId } }

    /// `data` of `routeId`'s answer as this profile's clients expect it.
    public func apply(to data: JSONValue, route routeId: String) -> JSONValue {
        var result = data
        for change in changes where change.route == routeId { result = change.apply(to: result) }
        return result
    }
}

/// One change: at `path` in a route's `data`, do `kind`. Changes only reshape values already in
/// the answer (drop, rename, retype, reformat); none can add a value, so no profile can reveal
/// what the union hides (win probabilities, cost prices, unmasked mobiles).
public struct ProfileChange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Remove the field.
        case drop
        /// Move the value to a sibling key.
        case rename(to: String)
        /// A number rendered as text with `decimals` places (`"%.2f"` → 2): D0's `"98.00"`.
        case string(decimals: Int)
        /// Text that is a number becomes the number.
        case number
        /// An object replaced by one of its fields (a prize by its `name`).
        case field(String)
        /// A number's absolute value (D0 shows spent points positive).
        case magnitude
        /// A timestamp re-rendered.
        case time(TimeFormat)
        /// A number multiplied (D1-A's coupon `value` 0.98 for the union's 98: `factor: 0.01`).
        case scale(Double)
        /// A state renamed in the build's vocabulary (D1's `pending` for a voucher order the
        /// union calls `completed`); other values are kept.
        case values([String: String])
        /// A time stated as another field's time plus some hours, in the union's ISO UTC form
        /// (D0's `estimated_review_time`: `upload_time` + 24 h, where D1 says "24小时内").
        case after(field: String, hours: Int)
    }

    public enum TimeFormat: String, Sendable, CaseIterable {
        /// `2025-07-03T16:15:00.000Z` (the union's).
        case isoUTC = "iso_utc_ms"
        /// `2025-07-04T00:15:00.000+08:00`.
        case isoBeijing = "iso_beijing"
        /// `2025-07-04 00:15:00`, Beijing time (D1-A §1.3.1's pages).
        case beijingSeconds = "beijing_seconds"
    }

    public var route: String
    public var path: ProfilePath
    public var kind: Kind
    /// Only where the object holding the leaf has this field with this value (`when: {type: coupon}`).
    public var when: Condition? = nil

    public struct Condition: Sendable, Equatable {
        public var field: String
        public var value: JSONValue
    }
}

import HTTPTypes

extension HTTPField.Name {
    /// The profile an answer was shaped for, on every legacy answer (operators see which one a
    /// build gets; the request log shows it too).
    public static let legacyProfile = HTTPField.Name("X-Legacy-Profile")!
}
