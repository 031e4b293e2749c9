import BridgeKit
import Testing
import V4Contract

/// Every V4 endpoint input is written by the bridge (`write(to:)`) and read by the core
/// (`init(from:)`): two hand-written halves. This property test holds them together: random
/// values of every input type, written and read back, come back equal.
@Suite struct V4InputRoundTripTests {
    struct Random {
        var generator: SplitMix64
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(generator.next() % UInt64(range.count)) }
        mutating func id() -> Int64 { Int64(int(1...9_999_999)) }
        mutating func bool() -> Bool { generator.next() % 2 == 0 }
        mutating func text() -> String {
            let pool = ["a", "测试", "x y", "Ünïcode", "🍜面", "O'Brien \"q\"", "back\\slash", "13800138000"]
            return pool[int(0...(pool.count - 1))] + String(int(0...999))
        }
        mutating func maybe<T>(_ make: (inout Random) -> T) -> T? { bool() ? make(&self) : nil }
        mutating func page() -> V4PageQuery { V4PageQuery(page: int(1...50), limit: int(1...100)) }
    }

    static func roundTrip<T: V4EndpointInput & Equatable>(_ value: T) throws -> T {
        var wire = V4Input()
        value.write(to: &wire)
        return try T(from: wire)
    }

    @Test func everyInputSurvivesWriteThenRead() throws {
        var r = Random(generator: SplitMix64(seed: 20261204))
        var checked = Set<String>()
        func check<T: V4EndpointInput & Equatable>(_ value: T) {
            checked.insert(String(describing: T.self))
            do {
                let back = try Self.roundTrip(value)
                #expect(back == value, "\(T.self): wrote \(value), read \(back)")
            } catch {
                Issue.record("\(T.self): \(value) written, then refused: \(error)")
            }
        }
        for _ in 0..<40 {
            check(V4LoginRequest(mobile: r.text(), verificationCode: r.text()))
            check(V4MobileRequest(mobile: r.text()))
            check(V4AdminLoginRequest(username: r.text(), password: r.text()))
            check(V4RefreshRequest(refreshToken: r.text()))
            check(V4ProfileUpdate(nickname: r.maybe { $0.text() }, avatar: r.maybe { $0.text() }))
            check(V4NoInput())
            check(V4UserPath(userId: r.id()))
            check(V4CampaignPath(campaignCode: r.text()))
            check(V4ExchangeRecordsQuery(page: r.page(), status: r.maybe { _ in "pending" }))
            check(V4ProductsQuery(
                page: r.page(), category: r.maybe { $0.text() }, search: r.maybe { $0.text() },
                minPoints: r.maybe { $0.int(0...1000) }, maxPoints: r.maybe { $0.int(0...1000) },
                stockStatus: r.maybe { _ in "in_stock" }, sort: r.maybe { _ in "created_at" }, order: r.maybe { _ in "asc" }))
            check(V4ExchangeRequest(
                productId: r.id(), quantity: r.int(1...10),
                delivery: r.maybe { r in V4DeliveryInfo(recipientName: r.text(), recipientPhone: r.text(), address: r.text()) },
                remark: r.maybe { $0.text() }))
            check(V4ExchangePath(exchangeId: r.id()))
            check(V4UserInventoryQuery(userId: r.id(), page: r.page(), status: r.maybe { _ in "available" }, type: r.maybe { _ in "prize" }))
            check(V4AdminExchangesQuery(page: r.page(), status: r.maybe { _ in "pending" }, userId: r.maybe { $0.id() }))
            check(V4ExchangeStatusRequest(exchangeId: r.id(), status: "shipped", trackingNumber: r.maybe { $0.text() },
                                          notes: r.maybe { $0.text() }))
            check(V4CampaignsQuery(status: r.maybe { _ in "active" }))
            check(V4DrawRequest(campaignCode: r.text(), campaignId: r.maybe { $0.id() }, drawCount: r.int(1...10),
                                drawType: r.maybe { _ in "single" }))
            check(V4LotteryHistoryQuery(userId: r.id(), page: r.page(), drawType: r.maybe { _ in "single" },
                                        prizeType: r.maybe { _ in "points" }))
            check(V4LotteryStatisticsQuery(userId: r.id(), campaignCode: r.maybe { $0.text() }))
            let file = V4UploadedFile(fileName: "r\(r.int(0...99)).png", contentType: "image/png", bytes: [0x89, 0x50, UInt8(r.int(0...255))])
            check(V4PhotoUploadRequest(file: file, amount: .string("\(r.int(1...9999)).\(r.int(10...99))"),
                                       description: r.maybe { $0.text() }, category: r.maybe { _ in "receipt" }))
            check(V4AvatarRequest(file: file))
            check(V4PendingReviewsQuery(page: r.page()))
            check(V4PhotoReviewRequest(
                resourceId: String(r.id()), status: r.bool() ? "approved" : "rejected", rejectionReason: r.maybe { $0.text() },
                reason: r.maybe { $0.text() }, actualAmount: r.maybe { .string("\($0.int(1...999)).50") },
                pointsAwarded: r.maybe { $0.int(0...1000) }))
            check(V4PhotoPath(id: String(r.id())))
            check(V4ReviewStatisticsQuery(period: r.bool() ? "7d" : "30d", reviewerId: r.maybe { $0.id() }))
            check(V4MerchantApplyRequest(
                businessName: r.text(), businessLicense: r.maybe { $0.text() }, contactPerson: r.text(), contactPhone: r.text(),
                businessAddress: r.maybe { $0.text() }, reason: r.maybe { $0.text() }))
            check(V4MerchantApplicationsQuery(page: r.page(), status: r.maybe { _ in "pending" }))
            check(V4MerchantDecisionRequest(applicationId: r.id(), status: r.bool() ? "approved" : "rejected"))
            check(V4UploadsQuery(page: r.page(), reviewStatus: r.maybe { _ in "approved" }))
            check(V4TransactionsQuery(userId: r.id(), page: r.page(), type: r.maybe { _ in "earn" }, sourceType: r.maybe { _ in "lottery" }))
            check(V4AdjustRequest(userId: r.id(), amount: Int64(r.int(1...5000)), reason: r.text(), type: r.maybe { _ in "add" }))
            check(V4AnnouncementRequest(
                title: r.text(), content: r.text(), isImportant: r.bool(), publishedAt: nil, messageType: "info",
                actionType: "none", actionTarget: r.maybe { $0.text() }, userId: r.maybe { $0.id() }))
        }
        #expect(checked.count == 32, "\(checked.count) input types checked")
    }
}
