import GRDB
import Testing
@testable import V4Core

/// The records are read through `Codable` (their `CodingKeys` are the columns) except where
/// Docs/performance.md shows a profiled need: the draw reads campaigns and prizes by position.
/// Those readers must give exactly what the `Codable` path gives, for every seeded row.
@Suite struct RecordReaderTests {
    @Test func positionalReadersEqualTheCodablePath() async throws {
        let (engine, _) = try await LotteryEngineTests.setUp()
        try await engine.database.read { db in
            let campaigns = try LotteryCampaignRecord.fetchAll(db)
            let campaignsByPosition = try Row.fetchAll(db, sql: "SELECT \(LotteryCampaignRecord.orderedSelection) FROM lottery_campaigns")
                .map(LotteryCampaignRecord.init(orderedRow:))
            #expect(!campaigns.isEmpty)
            #expect(campaignsByPosition == campaigns)
            let prizes = try LotteryPrizeRecord.fetchAll(db)
            let prizesByPosition = try Row.fetchAll(db, sql: "SELECT \(LotteryPrizeRecord.orderedSelection) FROM lottery_prizes")
                .map(LotteryPrizeRecord.init(orderedRow:))
            #expect(prizes.count >= 8)
            #expect(prizesByPosition == prizes)
        }
    }
}
