import BridgeKit
import V4Contract

/// The points a receipt earns, as the route's `points_rule` in Mappings says
/// (`{per_yuan: 10}`: 58.50 yuan → 585; the fraction of a point is dropped, as D1-B's 58.50 → 58).
enum LegacyPointsRule {
    static func points(cents: Int?, rule: JSONValue?) -> Int {
        guard let cents, let perYuan = rule?["per_yuan"]?.intValue, perYuan >= 0 else { return 0 }
        return cents * Int(perYuan) / 100
    }

    /// The most a reviewer may award by hand for a receipt: its points by the rule times the
    /// rule's `max_factor` (2: D0's own example awards 600 for 58.50 yuan, the rule's 585; a
    /// reviewer may round up or add a bonus, never award an invented sum). Without a factor: the
    /// rule's points.
    static func maxAward(cents: Int?, rule: JSONValue?) -> Int {
        points(cents: cents, rule: rule) * Int(max(1, rule?["max_factor"]?.intValue ?? 1))
    }
}

/// Durations as the legacy answers print them: `45分钟`, `2小时15分钟`, `3天2小时`.
enum LegacyDuration {
    static func text(seconds: Int?) -> JSONValue {
        guard let seconds, seconds >= 0 else { return .null }
        let minutes = seconds / 60, hours = minutes / 60, days = hours / 24
        if days > 0 { return .string("\(days)天\(hours % 24)小时") }
        if hours > 0 { return .string("\(hours)小时\(minutes % 60)分钟") }
        return .string("\(minutes)分钟")
    }

    /// The time from one V4 timestamp to another (null unless both are there).
    static func between(_ from: String?, _ to: String?) -> JSONValue {
        guard let from = from.flatMap(Timestamp.parse), let to = to.flatMap(Timestamp.parse) else { return .null }
        return text(seconds: Int(to.timeIntervalSince(from)))
    }
}

extension LegacyCall {
    /// A file URL the core gave, absolute for the client (the core's are paths on the server).
    func absoluteURL(_ url: String?) -> JSONValue {
        guard let url else { return .null }
        guard url.hasPrefix("/"), let origin else { return .string(url) }
        return .string(origin + url)
    }
}
