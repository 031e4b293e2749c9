import BridgeKit
import V4Contract

/// `PUT /api/v1/merchant/lottery/config {isActive, costPoints, prizes[{id, probability}],
/// maintenanceMessage}` (legacy inventory §4.6.3): the wheel switched on or off, its cost per
/// draw, and prizes' weights (`probability` an integer percent, as §4.2.1 gives it; V4 keeps a
/// fraction). Everything the request names is changed in one V4 call, so it is applied whole or
/// not at all:
/// - V4's extension `admin/lottery/campaigns/:id/config` when the deployment has it (our core:
///   one transaction, one `lottery_config_changes` audit row per value changed);
/// - in front of a V4 without it (003), only `isActive` can be honoured, through 003's
///   `admin/lottery/campaigns/:id/status` (L3762); a request that also changes the cost or a
///   weight answers the family's "unavailable" code and changes nothing.
/// `maintenanceMessage` is what draws answer while the wheel is off: a maintenance window
/// (`LotteryMaintenance`) opened with it, and ended when the wheel is switched back on here.
struct LotteryConfigUpdateTranslation: LegacyTranslation {
    static let name = "v1.lottery.config_update"
    static let reads = MappingReads(params: ["campaign_code", "reason"], fields: ["is_active", "cost_points", "prizes", "maintenance_message"])
    static let inactiveWindow = "inactive_"

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let weights = try Self.weights(call)
        let isActive = call.input["is_active"]?.boolValue
        let cost = call.input["cost_points"]?.intValue.map(Int.init)
        let message = call.input.string("maintenance_message")
        guard isActive != nil || cost != nil || weights != nil || message != nil else {
            throw call.fieldError(.missingField, field: "is_active")
        }
        let admin = try await call.v4(V4API.Auth.verify, V4NoInput()).user
        let campaign = try await call.campaigns.current(call, preferring: call.param("campaign_code"))
        let status = isActive.map { $0 ? "active" : "inactive" }
        var result: (status: String?, changed: [Int64], at: String?) = (status, [], nil)
        if status != nil || cost != nil || weights != nil {
            let request = V4CampaignConfigRequest(campaignId: campaign.id, status: status, drawCost: cost, prizes: weights, reason: call.param("reason"))
            var absent = false
            do {
                let change = try await call.v4(V4API.LotteryAdmin.campaignConfig, request)
                result = (change.status, change.changedPrizes, change.updatedAt)
            } catch {
                // Without the extension only the switch can be honoured, and only when nothing else was asked.
                guard case .absent = error, cost == nil, weights == nil, status != nil else { throw error }
                absent = true
            }
            if absent, let status {
                let change = try await call.v4(V4API.LotteryAdmin.campaignStatus, .init(campaignId: campaign.id, status: status))
                result = (change.status, [], change.updatedAt)
            }
            call.campaigns.forget()
        }
        let activeNow = result.status.map { $0 == "active" } ?? true
        if let maintenance = call.maintenance {
            if !activeNow, let message {
                maintenance.set(.init(id: Self.inactiveWindow + UploadStaging.randomId(), enabled: true, start: nil, end: nil, message: message))
            } else if activeNow, isActive == true {
                maintenance.end { $0.id.hasPrefix(Self.inactiveWindow) }
            }
        }
        return LegacyReply(data: [
            "isActive": result.status.map { .bool($0 == "active") } ?? .null,
            "updateTime": .string(result.at.flatMap(Timestamp.parse).map(Timestamp.utc) ?? Timestamp.utc(call.now)),
            "updatedBy": .string(admin.nickname ?? "admin"),
            "affectedPrizes": .array(result.changed.map { .int($0) }),
        ])
    }

    /// `prizes[{id, probability}]`: a positive id each, at most once, and a percent 0…100.
    static func weights(_ call: LegacyCall) throws -> [V4PrizeWeight]? {
        guard let sent = call.input["prizes"] else { return nil }
        guard let items = sent.arrayValue, (1...100).contains(items.count) else { throw call.fieldError(.invalidValue, field: "prizes") }
        var weights: [V4PrizeWeight] = []
        for item in items {
            guard let id = item["id"]?.intValue, id > 0, !weights.contains(where: { $0.prizeId == id }),
                let percent = item["probability"]?.doubleValue, percent.isFinite, (0...100).contains(percent)
            else { throw call.fieldError(.invalidValue, field: "prizes") }
            weights.append(V4PrizeWeight(prizeId: id, winProbability: percent / 100))
        }
        return weights
    }
}
