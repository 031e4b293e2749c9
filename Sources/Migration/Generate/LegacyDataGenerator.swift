import BridgeKit

/// Synthetic legacy data sets of any size, reproducible from a seed, as a mysqldump file: the
/// benchmark's input and the resume test's. The mess of real dumps is mixed in at fixed rates:
/// positive spend rows with NULL balance_before in the older part of the ledger, zero dates,
/// enum '' values, references to deleted users, 4-byte characters, quotes and backslashes.
@PublicInit
public struct LegacyDataGenerator {
    public var pointsRecords: Int
    public var seed: UInt64

    public var users: Int { max(10, pointsRecords / 50) }
    public var products: Int { max(5, min(2000, pointsRecords / 500)) }
    public var uploadReviews: Int { max(5, pointsRecords / 10) }

    /// Streams the dump to `sink` in ~1 MB pieces; memory does not grow with the row count
    /// beyond one balance per user.
    public func write(to sink: @escaping ([UInt8]) throws -> Void) throws {
        var random = SplitMix64(seed: seed)
        var out = DumpWriter(sink: sink)
        try out.raw("""
            -- LegacyBridge synthetic legacy dump: \(pointsRecords) points_records, seed \(seed)
            /*!40101 SET NAMES utf8mb4 */;
            /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;

            """)
        try out.raw(LegacySchema.createStatements)
        let start: Int64 = 1_640_995_200  // 2022-01-01
        let span: Int64 = 3 * 365 * 86_400
        let deleted = Set((0..<max(1, users / 100)).map { _ in Int64(random.next(upTo: UInt64(users))) + 1 })

        // mysqldump writes tables alphabetically: the ledger comes before the users it refers to.
        var balances = [Int64](repeating: 0, count: users + 1)
        try out.beginTable("points_records")
        let oldEra = Int64(pointsRecords * 3 / 10)
        let sources = ["lottery", "photo_review", "exchange", "check_in", "admin"]
        for id in 1...Int64(pointsRecords) {
            let user = Int(random.next(upTo: UInt64(users))) + 1
            let before = balances[user]
            let spend = before >= 100 && random.chance(0.45)
            let amount = spend ? Int64(100 * (1 + random.next(upTo: min(5, UInt64(before / 100))))) : Int64(1 + random.next(upTo: 600))
            let after = spend ? before - amount : before + amount
            balances[user] = after
            let old = id <= oldEra
            let source = sources[Int(random.next(upTo: UInt64(sources.count)))]
            let created = start + span * id / Int64(pointsRecords)
            try out.row([
                .int(id), .int(Int64(user)), .text(random.chance(0.0005) ? "" : spend ? "spend" : "earn"),
                .int(spend && !old ? -amount : amount), .text(source),
                random.chance(0.3) ? .null : .text(spend ? "单次抽奖消费" : "拍照审核通过 - 消费\(amount)元"),
                old ? .null : .int(before), .int(after), random.chance(0.5) ? .null : .text("single"),
                random.chance(0.0005) ? .text("0000-00-00 00:00:00") : .text(Self.datetime(created)),
            ])
        }
        try out.endTable()
        try out.beginTable("products")
        for id in 1...products {
            try out.row([
                .int(Int64(id)), .text(random.chance(0.1) ? "招牌☕️咖啡券 \(id)" : "美食券\(id)"), .text("适用于店内所有菜品\n含'特价'"),
                .text(["voucher", "food", "drink", "gift", "餐饮券"][Int(random.next(upTo: 5))]),
                .int(Int64(100 * (1 + random.next(upTo: 20)))), .int(random.chance(0.02) ? -3 : Int64(random.next(upTo: 500))),
                .text("https://cdn.example/p/\(id).jpg"), .decimal("\(10 + random.next(upTo: 90)).\(random.next(upTo: 10))0"),
                .null, .int(random.chance(0.1) ? 1 : 0), .int(Int64(id)), .int(Int64(random.next(upTo: 1000))),
                .text(random.chance(0.9) ? "active" : random.chance(0.5) ? "offline" : "deleted"),
                .text(Self.datetime(start + Int64(id) * 3600)), .text(Self.datetime(start + Int64(id) * 7200)),
            ])
        }
        try out.endTable()

        try out.beginTable("upload_reviews")
        for id in 1...uploadReviews {
            let user = Int64(random.next(upTo: UInt64(users))) + 1
            let created = start + span * Int64(id) / Int64(uploadReviews)
            let outcome = random.next(upTo: 10)
            let status = outcome < 7 ? "approved" : outcome < 9 ? "rejected" : random.chance(0.02) ? "" : "pending"
            let cents = Int64(100 + random.next(upTo: 99_900))
            try out.row([
                .int(Int64(id)), .text(id % 3 == 0 ? "UP\(Self.day(created))\(String(format3: id))" : "upload_\(user)_\(created)_\(id)"),
                .int(user), .text("https://sealos.storage/photos/\(user)/\(id).jpg"), .text("IMG_\(id).jpg"),
                .int(Int64(50_000 + random.next(upTo: 4_000_000))), .decimal(Self.money(cents)),
                status == "approved" ? .decimal(Self.money(cents)) : .null, .int(status == "approved" ? cents / 100 : 0),
                .text(status), status == "rejected" ? .text("图片不清晰") : status == "approved" ? .text("审核通过") : .null,
                status == "pending" ? .null : .int(Int64(random.next(upTo: UInt64(users))) + 1), .null,
                random.chance(0.002) ? .text("0000-00-00 00:00:00") : .text(Self.datetime(created)),
                status == "pending" ? .null : .text(Self.datetime(created + 3600)), .text(Self.datetime(created + 3600)),
            ])
        }
        try out.endTable()

        try out.beginTable("users")
                for id in 1...users {
            if deleted.contains(Int64(id)) { continue }
            let nickname: LegacyFieldText = random.chance(0.05) ? "吃货🍜\(id)" : random.chance(0.02) ? "O'Brien \"\\\(id)\"" : "用户\(id)"
            let created = start + Int64(random.next(upTo: UInt64(span / 4)))
            let status = random.chance(0.002) ? "" : random.chance(0.01) ? "banned" : "active"
            try out.row([
                .int(Int64(id)), .text("13\(String(100_000_000 + id).suffix(9))"), .text(nickname.value),
                .int(random.chance(0.01) ? balances[id] + 100 : balances[id]),
                .int(random.chance(0.02) ? 1 : 0), .text(status), random.chance(0.5) ? .null : .text("https://cdn.example/a/\(id).png"),
                random.chance(0.01) ? .text("0000-00-00 00:00:00") : .text(Self.datetime(created + span / 2)),
                .text(Self.datetime(created)), .text(Self.datetime(created + 86_400)),
            ])
        }
        try out.endTable()

        try out.flush()
    }

    static func datetime(_ seconds: Int64) -> String {
        String(LegacyDateTime.render(seconds: Int(seconds), millis: 0).prefix(19))
    }

    static func day(_ seconds: Int64) -> String {
        String(datetime(seconds).prefix(10).replacing("-", with: ""))
    }

    static func money(_ cents: Int64) -> String {
        "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
    }
}

private struct LegacyFieldText: ExpressibleByStringInterpolation {
    let value: String
    init(stringLiteral value: String) { self.value = value }
    init(stringInterpolation: DefaultStringInterpolation) { self.value = String(stringInterpolation: stringInterpolation) }
}

extension String {
    fileprivate init(format3 value: Int) { self = value < 1000 ? String(String(value + 1000).dropFirst()) : String(value) }
}

extension SplitMix64 {
    fileprivate mutating func next(upTo bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }
    fileprivate mutating func chance(_ probability: Double) -> Bool { Double(next() % 1_000_000) < probability * 1_000_000 }
}
