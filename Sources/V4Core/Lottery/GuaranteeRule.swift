import V4Contract
import BridgeKit
import NIOConcurrencyHelpers

extension PityRule {
    /// Reads a campaign's `guarantee_rule` JSON (`enabled`, `trigger_count`, `guarantee_prize_id`,
    /// `guarantee_prize_name`; the sanitiser's camelCase names are accepted too).
    public init(guaranteeRule text: String?) {
        guard let text else {
            self = .disabled
            return
        }
        // Each draw reads its campaign's rule, and parsing the JSON was ~8 % of the writer's
        // time per draw; campaigns are few and their rules rarely change.
        if let known = Self.parsed.withLockedValue({ $0[text] }) {
            self = known
            return
        }
        self.init(parsing: text)
        let rule = self
        Self.parsed.withLockedValue { cache in
            if cache.count >= 64 { cache.removeAll() }
            cache[text] = rule
        }
    }

    /// Rules by their JSON text, as parsed.
    private static let parsed = NIOLockedValueBox<[String: PityRule]>([:])

    private init(parsing text: String) {
        guard case .object(let rule)? = try? JSONValue.parse(text) else {
            self = .disabled
            return
        }
        let limit = (rule["trigger_count"] ?? rule["triggerCount"])?.intValue ?? 10
        let prizeId = (rule["guarantee_prize_id"] ?? rule["guaranteePrizeId"])?.intValue
        self.init(
            enabled: (rule["enabled"]?.boolValue ?? true) && prizeId != nil && limit > 0, limit: Int(limit), prizeId: prizeId,
            prizeName: (rule["guarantee_prize_name"] ?? rule["guaranteePrizeName"])?.stringValue)
    }
}
