import ArgumentParser
import BridgeKit
import Foundation
import LegacyAPI
import Migration
import NIOCore
import V4Contract

/// `legacy-bridge provision`: grants migrated users the campaign roles 003 requires before a
/// draw (`campaign_{id}`; without it V4 answers NO_CAMPAIGN_PERMISSION), up front and through
/// the service session, so no user's first draw waits for the bridge's grant-and-retry.
struct Provision: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grant every migrated user the campaign roles 003 requires to draw (LEGACY_BRIDGE_CORE_ADMIN: the service session).")

    @Option(help: "Base URL of the V4 deployment.") var core: String
    @Option(help: "The V4 database the migrator merged into (mysql://…): every user in its legacy_id_map.") var legacyIds: String?
    @Option(help: "A V4 user id to grant (repeatable), besides or instead of --legacy-ids.") var userId: [Int64] = []
    @Option(help: "A campaign id (repeatable); default: every campaign V4 lists as active.") var campaignId: [Int64] = []
    @Option(help: "Grants in flight at once.") var concurrency = 4
    @Option(help: "Seconds before a V4 call counts as failed.") var coreTimeout = 20
    @Flag(help: "List what would be granted; call nothing.") var dryRun = false

    func run() async throws {
        guard let text = ProcessInfo.processInfo.environment["LEGACY_BRIDGE_CORE_ADMIN"], let session = ServiceSession.parse(text) else {
            throw ValidationError("set LEGACY_BRIDGE_CORE_ADMIN to a V4 admin's mobile:code or tokens:<access>:<refresh>")
        }
        var users = Set(userId)
        if let legacyIds {
            let map = try Serve.loadLegacyIdRows(legacyIds)
            users.formUnion(map.filter { $0.table == "users" }.map(\.v4Id))
        }
        guard !users.isEmpty else { throw ValidationError("no users: give --legacy-ids mysql://… or --user-id") }
        let transport = HTTPUpstreamTransport(baseURL: core, timeout: .seconds(Int64(coreTimeout)))
        defer { Task { await transport.shutdown() } }
        var campaigns = campaignId
        if campaigns.isEmpty {
            do {
                campaigns = try await session.call(V4API.Lottery.campaigns, V4CampaignsQuery(status: "active"), via: transport).items.map(\.campaignId)
            } catch {
                throw ValidationError("cannot list V4's active campaigns (\(error)); give --campaign-id")
            }
        }
        let pairs = users.sorted().flatMap { user in campaigns.map { (user, $0) } }
        print("\(users.count) users × \(campaigns.count) campaigns (\(campaigns.map(String.init).joined(separator: ", "))): \(pairs.count) grants")
        if dryRun { return }
        let width = max(1, concurrency)
        let failures = await withTaskGroup(of: String?.self) { group in
            var failures: [String] = []
            var next = pairs.makeIterator()
            func add() -> Bool {
                guard let (user, campaign) = next.next() else { return false }
                group.addTask {
                    do {
                        // 003 assigns an existing role again without error: a rerun is harmless.
                        _ = try await session.call(
                            V4API.Upstream.assignCampaignPermission, .init(userId: user, campaignId: campaign), via: transport)
                        return nil
                    } catch {
                        return "user \(user), campaign \(campaign): \(error)"
                    }
                }
                return true
            }
            for _ in 0..<width where add() {}
            while let result = await group.next() {
                if let result { failures.append(result) }
                _ = add()
            }
            return failures
        }
        print("granted \(pairs.count - failures.count), failed \(failures.count)")
        for failure in failures.prefix(10) { print("  \(failure)") }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
