import Synchronization
import V4Contract

/// The V4 campaign behind the legacy wheel (the legacy API has one): the active campaign V4
/// lists at `lottery/campaigns`, not a code fixed in the bridge. The mapping's `campaign_code`
/// is the preference: the active campaign with that code wins, else the first active one. 003's
/// list carries no `campaign_code` (L1738-1755): then the mapping's code is what V4's draw and
/// prize routes are asked with (003 calls it the fixed code, L1438, L1608).
public final class CampaignDirectory: Sendable {
    public struct Campaign: Sendable, Equatable {
        public var id: Int64
        public var code: String
        public var name: String
        public var drawCost: Int
        /// nil when V4 did not say (003's list has no daily limit).
        public var maxDrawsPerDay: Int?
    }

    /// How long a looked-up campaign is used before V4 is asked again.
    let freshFor: Duration
    private let known = Mutex<(campaign: Campaign, at: ContinuousClock.Instant)?>(nil)

    public init(freshFor: Duration = .seconds(30)) {
        self.freshFor = freshFor
    }

    func active(_ call: LegacyCall, preferring code: String?) async throws -> Campaign {
        let now = ContinuousClock.now
        if let (campaign, at) = known.withLock({ $0 }), at.duration(to: now) < freshFor, code == nil || campaign.code == code {
            return campaign
        }
        let listed = try await call.v4(V4API.Lottery.campaigns, .init(status: "active")).items.filter { $0.status == "active" }
        guard let chosen = listed.first(where: { code != nil && $0.campaignCode == code }) ?? listed.first else {
            throw V4ClientError.rejected(code: "NO_ACTIVE_CAMPAIGN", message: "当前没有可用的抽奖活动", status: 404, data: nil)
        }
        let campaign = Campaign(
            id: chosen.campaignId, code: chosen.campaignCode.isEmpty ? (code ?? "") : chosen.campaignCode, name: chosen.campaignName,
            drawCost: chosen.drawCost, maxDrawsPerDay: chosen.maxDrawsPerDay > 0 ? chosen.maxDrawsPerDay : nil)
        known.withLock { $0 = (campaign, now) }
        return campaign
    }

    /// The campaign the wheel runs on even while it is switched off: the active one, else the
    /// one with the preferred code whatever its status (an admin turning the wheel back on, the
    /// D1-V1 config showing `isActive: false`).
    func current(_ call: LegacyCall, preferring code: String?) async throws -> Campaign {
        do {
            return try await active(call, preferring: code)
        } catch let error as V4ClientError {
            guard case .rejected(code: "NO_ACTIVE_CAMPAIGN", _, _, _) = error, let code, !code.isEmpty else { throw error }
            let config = try await call.v4(V4API.Lottery.config, .init(campaignCode: code))
            return Campaign(
                id: config.campaignId, code: config.campaignCode.isEmpty ? code : config.campaignCode, name: config.campaignName,
                drawCost: config.drawCost, maxDrawsPerDay: config.maxDrawsPerDay > 0 ? config.maxDrawsPerDay : nil)
        }
    }

    /// Drops the remembered campaign (its cost or status just changed through this process).
    func forget() { known.withLock { $0 = nil } }
}
