import BridgeKit
import GRDB
import V4Contract

/// An admin changing a campaign: its status (003 L3762), and the extension that also changes its
/// draw cost and its prizes' weights. Each request is one write transaction: every value checked
/// first, then written with one `lottery_config_changes` row per value that changed. A draw
/// reads the campaign and its prizes inside its own transaction, so the next draw uses the new
/// weights and cost.
extension LotteryService {
    /// 003's rule: admins only (role level 100).
    public func updateStatus(_ request: V4CampaignStatusRequest, by admin: Identity) async throws -> V4CampaignStatusChange {
        guard admin.isAdmin else { throw V4Error(.adminOnly) }
        let change = try await updateConfiguration(V4CampaignConfigRequest(campaignId: request.campaignId, status: request.status), by: admin)
        return V4CampaignStatusChange(campaignId: change.campaignId, status: change.status, updatedAt: change.updatedAt)
    }

    /// The extension: admins, and merchants (the restaurant runs its own wheel, as it reviews its
    /// own receipts; D1-V1 §4.6 gives the merchant routes one token).
    public func updateConfiguration(_ request: V4CampaignConfigRequest, by admin: Identity) async throws -> V4CampaignConfigChange {
        guard admin.isAdmin || admin.isMerchant else { throw V4Error(.adminOnly) }
        let now = clock()
        return try await database.write { db in
            guard var campaign = try LotteryCampaignRecord.fetchOne(db, key: request.campaignId) else {
                throw V4Error(.campaignNotFound)
            }
            var prizes = try Self.prizes(of: campaign, in: db)
            let index = Dictionary(uniqueKeysWithValues: prizes.enumerated().map { ($0.element.prizeId!, $0.offset) })
            var audit: [(field: String, prize: Int64?, old: String, new: String)] = []

            if let status = request.status.flatMap(ActiveStatus.init(rawValue:)), status != campaign.status {
                audit.append(("status", nil, campaign.status.rawValue, status.rawValue))
                campaign.status = status
            }
            if let cost = request.drawCost, cost != campaign.drawCost {
                audit.append(("draw_cost", nil, String(campaign.drawCost), String(cost)))
                campaign.drawCost = cost
            }
            var changed: [Int64] = []
            for weight in request.prizes ?? [] {
                guard let at = index[weight.prizeId] else {
                    throw V4Error(.prizeNotFound, "奖品 \(weight.prizeId) 不属于活动 \(request.campaignId)")
                }
                guard prizes[at].winProbability != weight.winProbability else { continue }
                audit.append(("win_probability", weight.prizeId, Self.text(prizes[at].winProbability), Self.text(weight.winProbability)))
                prizes[at].winProbability = weight.winProbability
                changed.append(weight.prizeId)
            }
            // Weights are relative (PrizePicker): they need not sum to 1, but an active campaign
            // whose active prizes all weigh 0 could never draw.
            if request.prizes != nil, !prizes.contains(where: { $0.status == .active && $0.winProbability > 0 }) {
                throw V4Error(.invalidParameter, "至少一个奖品的中奖概率须大于0")
            }

            if audit.contains(where: { $0.field != "win_probability" }) { try campaign.update(db) }
            for id in changed {
                try db.cachedStatement(sql: "UPDATE lottery_prizes SET win_probability = ? WHERE prize_id = ?")
                    .execute(arguments: [prizes[index[id]!].winProbability, id])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO lottery_config_changes (campaign_id, prize_id, field, old_value, new_value, admin_id, reason, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in audit {
                try insert.execute(arguments: [request.campaignId, entry.prize, entry.field, entry.old, entry.new, admin.userId, request.reason, now])
            }
            return V4CampaignConfigChange(
                campaignId: request.campaignId, status: campaign.status.rawValue, drawCost: campaign.drawCost,
                prizes: prizes.map { V4PrizeWeight(prizeId: $0.prizeId!, winProbability: $0.winProbability) },
                changedPrizes: changed, updatedAt: Timestamp.beijing(now), updatedBy: admin.userId, auditEntries: audit.count)
        }
    }

    /// A weight as the audit keeps it: the shortest text that reads back as the same Double.
    static func text(_ probability: Double) -> String { "\(probability)" }
}
