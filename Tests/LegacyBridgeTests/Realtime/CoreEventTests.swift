import BridgeKit
import Foundation
import GRDB
import NIOConcurrencyHelpers
import ServerKit
import Testing
import V4Contract
import V4Core

/// The core raises events after its commits and never for an operation that rolled back.
@Suite struct CoreEventTests {
    /// Everything published on the engine's bus.
    final class Recorder: Sendable {
        let events = NIOLockedValueBox<[V4Event]>([])
        let subscription: EventSubscription
        init(_ bus: any EventBus) {
            let events = self.events
            subscription = bus.subscribe { event in events.withLockedValue { $0.append(event) } }
        }
        func take() -> [V4Event] {
            events.withLockedValue { events in
                let taken = events
                events = []
                return taken
            }
        }
    }

    @Test func refusedOperationsRaiseNothingAndCommittedOnesRaiseOnce() async throws {
        let (engine, identity) = try await LotteryEngineTests.setUp(points: 150)
        let recorder = Recorder(engine.events)
        // Refused before or inside the transaction: rolled back, silent.
        await #expect(throws: V4Error.self) {
            _ = try await engine.lottery.draw(campaignCode: DemoSeeder.campaignCode, campaignId: nil, drawCount: 3, drawType: nil, for: identity)
        }
        await #expect(throws: V4Error.self) { _ = try await engine.exchanges.exchange(.init(productId: 4), for: identity) }
        await #expect(throws: V4Error.self) { _ = try await engine.exchanges.exchange(.init(productId: 5), for: identity) }
        await #expect(throws: V4Error.self) { _ = try await engine.exchanges.exchange(.init(productId: 999), for: identity) }
        #expect(recorder.take().isEmpty)

        let draw = try await engine.lottery.draw(
            campaignCode: DemoSeeder.campaignCode, campaignId: nil, drawCount: 1, drawType: nil, for: identity)
        let afterDraw = recorder.take()
        #expect(afterDraw.count == 1)
        guard case .pointsChanged(let change)? = afterDraw.first else { Issue.record("\(afterDraw)"); return }
        #expect(change.userId == identity.userId && change.balanceBefore == 150 && change.balanceAfter == draw.remainingBalance)
        #expect(change.change == draw.remainingBalance - 150)

        // What the database says is what the event said.
        let stored = try await engine.database.read { db in
            try Int.fetchOne(db, sql: "SELECT available_points FROM user_points_accounts WHERE user_id = ?", arguments: [identity.userId])
        }
        #expect(stored == change.balanceAfter)
    }

    /// In front of a remote core the bridge raises what the endpoint declares
    /// (`V4Endpoint.raising`); in process the core raises its own. For the same answer they are
    /// the same events — and the endpoints that declare any are the writes the legacy API sends.
    @Test func declaredEventsAreTheOnesTheCoreRaises() async throws {
        let (engine, identity) = try await LotteryEngineTests.setUp(points: 5000)
        let recorder = Recorder(engine.events)
        let draw = try await engine.lottery.draw(
            campaignCode: DemoSeeder.campaignCode, campaignId: nil, drawCount: 1, drawType: nil, for: identity)
        let raisedByDraw = recorder.take()
        let drawRule = try #require(V4API.Lottery.draw.raises)
        #expect(drawRule(draw, V4EventContext(userId: identity.userId, now: raisedTime(raisedByDraw[0]))) == raisedByDraw)
        let exchange = try await engine.exchanges.exchange(.init(productId: 6, quantity: 2), for: identity)
        let raisedByExchange = recorder.take()
        let exchangeRule = try #require(V4API.Inventory.exchange.raises)
        #expect(exchangeRule(exchange, V4EventContext(userId: identity.userId, now: raisedTime(raisedByExchange[0])))
                    == raisedByExchange)
        #expect(Set(V4API.all.filter(\.raisesEvents).map(\.id)) == ["lottery.draw", "inventory.exchange", "photo.review"])
    }

    @Test func exchangeAndCancelRaiseStockAndPoints() async throws {
        let (engine, identity) = try await LotteryEngineTests.setUp(points: 5000)
        let recorder = Recorder(engine.events)
        let result = try await engine.exchanges.exchange(.init(productId: 6, quantity: 2), for: identity)
        let raised = recorder.take()
        #expect(raised == [
            .stockChanged(V4StockChange(
                productId: 6, productName: "定制保温杯", stock: 3, change: -2, operation: .purchase, at: raisedTime(raised[0]))),
            .pointsChanged(V4PointsChange(
                userId: identity.userId, balanceBefore: 5000, balanceAfter: 3800, reason: "兑换定制保温杯×2", source: "exchange",
                at: raisedTime(raised[1]))),
        ])
        _ = try await engine.exchanges.cancel(exchangeId: result.exchange.exchangeId, by: identity)
        let undone = recorder.take()
        #expect(undone.count == 2)
        if case .stockChanged(let stock) = undone[0] { #expect(stock.stock == 5 && stock.change == 2 && stock.operation == .restock) }
        if case .pointsChanged(let points) = undone[1] { #expect(points.balanceBefore == 3800 && points.balanceAfter == 5000) }
        // A second cancel is refused and silent.
        await #expect(throws: V4Error.self) { _ = try await engine.exchanges.cancel(exchangeId: result.exchange.exchangeId, by: identity) }
        #expect(recorder.take().isEmpty)
    }

    func raisedTime(_ event: V4Event) -> Date {
        switch event {
        case .pointsChanged(let change): change.at
        case .stockChanged(let change): change.at
        case .reviewDecided(let decision): decision.at
        case .systemMessage(let message): message.at
        }
    }
}
