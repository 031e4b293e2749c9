import V4Contract
import BridgeKit

extension PityRule {
    /// Reads a campaign's `guarantee_rule` JSON (`enabled`, `trigger_count`, `guarantee_prize_id`,
    /// `guarantee_prize_name`; the sanitiser's camelCase names are accepted too).
    public init(guaranteeRule text: String?) {
        guard let text, case .object(let rule)? = try? JSONValue.parse(text) else {
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
