import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import LegacyAPI
import NIOCore
import V4Core

/// Client profiles (Mappings/profiles.yaml): each doc's own shapes where the union cannot serve it.
@Suite struct ClientProfileTests {
    static var loader: MappingLoader { MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary) }

    static func shipped() throws -> MappingSet { try loader.load(directory: TestBridge.mappingsDirectory) }

    /// The shipped mappings with profiles.yaml replaced by `yaml`; the error, if any.
    static func failure(_ yaml: String) throws -> MappingError? {
        var files = try MappingFiles.read(directory: TestBridge.mappingsDirectory)
        let index = try #require(files.firstIndex { $0.name.hasSuffix("profiles.yaml") })
        files[index].text = yaml
        do {
            _ = try loader.load(files: files)
            return nil
        } catch let error as MappingError {
            return error
        }
    }

    @Test(arguments: [
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: a, change: shout}\n", 4, "unknown change 'shout'"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.dance, at: a, change: drop}\n", 4, "no mapping defines"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: \"a[].\", change: drop}\n", 4, "is not a path"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: a, change: string, format: \"%d\"}\n", 4, "is not %.Nf"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: a, change: time, format: unix}\n", 4, "time format 'unix'"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: a, change: drop, to: b}\n", 4, "takes no 'to'"),
        ("profiles:\n  define:\n    union: []\n", 3, "built-in"),
        ("profiles:\n  select:\n    - {header: X-Client-Version, versions: \">=1\", profile: ghost}\n", 3, "unknown profile 'ghost'"),
        ("profiles:\n  select:\n    - {header: X-Client-Version, versions: \"about 1\", profile: union}\n", 3, "not a version range"),
        ("profiles:\n  default: ghost\n", 2, "unknown profile 'ghost'"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: a, change: scale}\n", 4, "needs 'factor'"),
        ("profiles:\n  define:\n    x:\n      - {route: lottery.draw, at: a, change: scale, factor: 0}\n", 4, "non-zero"),
        ("profiles:\n  pick: union\n", 2, "pick"),
    ])
    func brokenProfilesFailStartUpWithFileAndLine(_ yaml: String, _ line: Int, _ reason: String) throws {
        let error = try #require(try Self.failure(yaml))
        #expect(error.file.hasSuffix("profiles.yaml") && error.line == line && "\(error)".contains(reason), Comment(rawValue: "\(error)"))
    }

    static func headers(_ pairs: [String: String]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { fields[HTTPField.Name(name)!] = value }
        return fields
    }

    @Test func selectionRulesInOrderAndMalformedInputFallsThrough() throws {
        var set = try Self.shipped().profiles
        #expect(set.select([:]).name == "union")
        #expect(set.select(Self.headers(["X-Client-Version": "1.0.0"])).name == "d1a")
        #expect(set.select(Self.headers(["X-Client-Version": " 1.9 "])).name == "d1a")
        for malformed in ["2.0.0", "1.0.x", "", "v1.0.0", "1..0", String(repeating: "1.", count: 100), "１.0.0"] {
            #expect(set.select(Self.headers(["X-Client-Version": malformed])).name == "union", "\(malformed)")
        }
        let appid = "wx1234567890abcdef"
        set.selectors.insert(
            ProfileSelector(matcher: .miniProgram(appid: appid, versions: ClientVersion.Range("<2.1")), profile: "d0"), at: 0)
        set.selectors.append(ProfileSelector(matcher: .userAgent(contains: "LegacyShop/2"), profile: "d1b"))
        let d0Page = "https://servicewechat.com/\(appid)/2.0.5/page-frame.html"
        #expect(set.select(Self.headers(["Referer": d0Page])).name == "d0")
        // First match wins: the Referer rule comes before the header rule.
        #expect(set.select(Self.headers(["Referer": d0Page, "X-Client-Version": "1.0.0"])).name == "d0")
        for referer in [
            "https://servicewechat.com/\(appid)/2.1.0/page-frame.html", "https://servicewechat.com/wxother/2.0.0/page-frame.html",
            "https://servicewechat.com/\(appid)/devtools/page-frame.html", "https://evil.example/\(appid)/2.0.0/page-frame.html",
            "https://servicewechat.com/\(appid)/2.0.0/index.html", "not a url", "",
        ] {
            #expect(set.select(Self.headers(["Referer": referer])).name == "union", "\(referer)")
        }
        #expect(set.select(Self.headers(["User-Agent": "Mozilla/5.0 LegacyShop/2.3"])).name == "d1b")
        #expect(set.withDefault("d0")?.select([:]).name == "d0")
        #expect(set.withDefault("ghost") == nil)
    }

    @Test func versionRanges() throws {
        let range = try #require(ClientVersion.Range(">=1.0.0 <2.0.0"))
        for (text, inside) in [("1.0.0", true), ("1", true), ("1.99.99", true), ("2.0", false), ("0.9.9", false)] {
            #expect(range.contains(try #require(ClientVersion(text))) == inside, "\(text)")
        }
        #expect(ClientVersion("2.1.3")! > ClientVersion("2.1")!)
        #expect(ClientVersion("2.1.0")! == ClientVersion("2.1")!)
        for bad in ["", ">=", "1.0.0 <", "=>1", "1.a"] { #expect(ClientVersion.Range(bad) == nil, "\(bad)") }
    }

    /// Each change kind, and paths that lead nowhere leave the answer as it is (property-style).
    @Test func changesReshapeOnlyWhatIsThere() throws {
        let data: JSONValue = [
            "results": [["prize": ["id": 2, "name": "九八折券", "value": 98]], ["prize": "already text"]],
            "records": [["points": -100, "created_at": "2025-07-03T16:15:00.000Z"], ["points": 585, "created_at": "garbage"]],
            "price": 50, "text": "12.5",
        ]
        func apply(_ path: String, _ kind: ProfileChange.Kind) -> JSONValue {
            ClientProfile(name: "t", changes: [ProfileChange(route: "r", path: ProfilePath(path)!, kind: kind)]).apply(to: data, route: "r")
        }
        #expect(apply("results[].prize", .field("name"))["results"] == [["prize": "九八折券"], ["prize": "already text"]])
        #expect(apply("records[].points", .magnitude)["records"]?[0]?["points"] == 100)
        #expect(apply("price", .string(decimals: 2))["price"] == "50.00")
        #expect(apply("text", .number)["text"] == 12.5)
        #expect(apply("price", .rename(to: "cost"))["cost"] == 50 && apply("price", .rename(to: "cost"))["price"] == nil)
        #expect(apply("price", .drop)["price"] == nil)
        #expect(apply("price", .scale(0.01))["price"] == 0.5)
        let coupons: JSONValue = ["prizes": [["type": "coupon", "value": 98], ["type": "item", "value": 3], ["type": "coupon", "value": 100]]]
        let scaled = ClientProfile(name: "t", changes: [
            ProfileChange(route: "r", path: ProfilePath("prizes[].value")!, kind: .scale(0.01), when: .init(field: "type", value: "coupon")),
        ]).apply(to: coupons, route: "r")
        #expect(scaled["prizes"]?.arrayValue?.map { $0["value"] } == [0.98, 3, 1])
        let times = apply("records[].created_at", .time(.beijingSeconds))["records"]
        #expect(times?[0]?["created_at"] == "2025-07-04 00:15:00" && times?[1]?["created_at"] == "garbage")
        #expect(apply("records[].created_at", .time(.isoBeijing))["records"]?[0]?["created_at"] == "2025-07-04T00:15:00.000+08:00")
        // Paths that lead nowhere, and changes on values of another type, change nothing.
        var rng = SplitMix64(seed: 9)
        for _ in 0..<500 {
            let value = RandomJSON.value(&rng)
            for (path, kind) in [("missing.deeper", ProfileChange.Kind.drop), ("x[].y", .magnitude), ("a", .field("name"))] {
                let profile = ClientProfile(name: "t", changes: [ProfileChange(route: "r", path: ProfilePath(path)!, kind: kind)])
                if value["missing"] == nil, value["x"] == nil, value["a"] == nil { #expect(profile.apply(to: value, route: "r") == value) }
                #expect(profile.apply(to: value, route: "other") == value)
            }
        }
        #expect(apply("text", .values(["12.5": "twelve"]))["text"] == "twelve")
        #expect(apply("text", .values(["other": "x"]))["text"] == "12.5", "states not named are kept")
        let upload: JSONValue = ["upload_time": "2025-07-03T16:25:00.000Z", "estimated_review_time": "24小时内"]
        let after = ClientProfile(name: "t", changes: [
            ProfileChange(route: "r", path: ProfilePath("estimated_review_time")!, kind: .after(field: "upload_time", hours: 24)),
        ])
        #expect(after.apply(to: upload, route: "r")["estimated_review_time"] == "2025-07-04T16:25:00.000Z", "D0's example")
        #expect(after.apply(to: ["estimated_review_time": "24小时内"], route: "r")["estimated_review_time"] == "24小时内")
        for (number, text) in [(98.0, "98.00"), (0.98, "0.98"), (158.5, "158.50"), (-1.5, "-1.50"), (0.004, "0.00"), (1e3, "1000.00")] {
            #expect(ProfileChange.fixed(number, 2) == text, "\(number)")
        }
    }

    /// D0's draw, records and points records, and D1-A's history, field for field and type for
    /// type against their docs; the union unchanged.
    @Test(arguments: TestBridge.Mode.allCases)
    func d0AnswersAsD0Documents(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode, profile: "d0") { client in
            let token = try await client.legacyLogin().0
            let draw = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "triple"], token: token)
            #expect(draw.body["code"] == 0, Comment(rawValue: draw.raw))
            let results = try #require(draw.body["data"]?["results"]?.arrayValue)
            #expect(results.count == 3 && results.allSatisfy { $0["prize"]?.stringValue?.isEmpty == false }, "D0: the prize is its name")
            #expect(results.allSatisfy { $0["reward"]?["value"]?.stringValue != nil })
            let config = try await client.send(.get, "/api/lottery/config", token: token)
            let values = config.body["data"]?["prizes"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
            #expect(values.count == 8 && values.contains("98.00") && values.contains("88.00"), Comment(rawValue: "\(values)"))
            let records = try await client.send(.get, "/api/lottery/records", token: token)
            #expect(records.body["data"]?["records"]?.arrayValue?.allSatisfy { $0["prize_value"]?.stringValue?.contains(".") == true } == true)
            let points = try await client.send(.get, "/api/user/points-records", token: token)
            let spent = points.body["data"]?["records"]?.arrayValue?.filter { $0["type"] == "spend" } ?? []
            #expect(!spent.isEmpty && spent.allSatisfy { ($0["points"]?.intValue ?? -1) > 0 }, "D0 shows spent points positive")
            let products = try await client.send(.get, "/api/exchange/products", token: token)
            #expect(products.body["data"]?["products"]?[0]?["original_price"]?.stringValue == "10.00")
            #expect(!draw.raw.contains("win_probability") && !draw.raw.contains("\"angle\""), "the name replaced the prize object")
            let uploaded = try await LegacyPhotoReviewTests.upload(client, token: token, file: LegacyPhotoReviewTests.image("receipt.jpg"))
            let uploadTime = try #require(uploaded.body["data"]?["upload_time"]?.stringValue.flatMap(Timestamp.parse), Comment(rawValue: uploaded.raw))
            let estimated = uploaded.body["data"]?["estimated_review_time"]?.stringValue.flatMap(Timestamp.parse)
            #expect(estimated == uploadTime.addingTimeInterval(24 * 3600), "D0: upload_time + 24 h as a time: \(uploaded.raw)")
        }
    }

    /// D1's builds start a voucher order pending (D1-A's states have no completed); the union
    /// keeps V4's completed.
    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func d1StartsAVoucherOrderPending(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, _ in
            let token = try await client.legacyLogin().0
            let d1a = ["X-Client-Version": "1.0.0"]
            let order = try await client.send(.post, "/api/exchange/submit", body: #"{"product_id": 1}"#, token: token, headers: d1a)
            #expect(order.body["data"]?["order_status"] == "pending", Comment(rawValue: order.raw))
            let orders = try await client.send(.get, "/api/exchange/orders", token: token, headers: d1a)
            #expect(orders.body["data"]?["orders"]?[0]?["order_status"] == "delivered", Comment(rawValue: orders.raw))
            let union = try await client.send(.get, "/api/exchange/orders", token: token)
            #expect(union.body["data"]?["orders"]?[0]?["order_status"] == "completed", Comment(rawValue: union.raw))
        }
    }

    @Test(arguments: TestBridge.Mode.allCases)
    func d1aIsChosenByItsVersionHeaderAndUnionStaysAsItIs(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let token = try await client.legacyLogin().0
            _ = try await client.send(.post, "/api/lottery/draw", json: ["draw_type": "single"], token: token)
            let d1a = try await client.send(.get, "/api/user/points/records", token: token, headers: ["X-Client-Version": "1.0.0"])
            let created = d1a.body["data"]?["records"]?[0]?["created_at"]?.stringValue ?? ""
            #expect(created.count == 19 && created.dropFirst(10).hasPrefix(" "), "YYYY-MM-DD HH:mm:ss: \(created)")
            let union = try await client.send(.get, "/api/user/points/records", token: token)
            #expect(union.body["data"]?["records"]?[0]?["created_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(union.body["data"]?["records"]?[0]?["points"] == -100)
            let config = try await client.send(.get, "/api/lottery/config", token: token, headers: ["X-Client-Version": "1.0.0"])
            let prizes = config.body["data"]?["prizes"]?.arrayValue ?? []
            #expect(prizes.first { $0["name"] == "九八折券" }?["value"] == 0.98 && prizes.first { $0["name"] == "八八折券" }?["value"] == 0.88)
            #expect(prizes.first { $0["type"] == "item" }?["value"] == 0, "only coupons are fractions")
            let raw = try await client.executeRequest(uri: "/api/user/points/records", method: .get, headers: Self.headers(["Authorization": "Bearer \(token)", "X-Client-Version": "1.0.0"]), body: nil)
            #expect(raw.headers[.legacyProfile] == "d1a")
            let metrics = try await client.send(.get, "/metrics").raw
            #expect(metrics.contains("legacy_bridge_profile_requests_total{profile=\"d1a\"}"), Comment(rawValue: metrics))
        }
    }

    /// A build is recognised by what it does (a spelling, an alias only it calls), before any
    /// header rule, and remembered for its tokens: the requests that look alike from every build
    /// get its profile too; a later marker wins; the memory forgets and stays bounded.
    @Test(arguments: [TestBridge.Mode.embeddedInProcess, .upstreamHTTP])
    func buildsAreRecognisedByWhatTheyDoAndRemembered(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            func profile(_ method: HTTPRequest.Method, _ path: String, token: String?, body: String? = nil, _ headers: [String: String] = [:]) async throws -> String? {
                var fields = Self.headers(headers)
                if let token { fields[.authorization] = "Bearer \(token)" }
                if body != nil { fields[.contentType] = "application/json" }
                let response = try await client.executeRequest(uri: path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
                return response.headers[.legacyProfile]
            }
            let d1 = ["X-Client-Version": "1.0.0"]
            // D1-B logs in with phone + code (through D1's wrapper, header and all): d1b, and its
            // next requests, header-only, stay d1b.
            let login = try await client.send(.post, "/api/auth/login", body: #"{"phone": "\#(DemoSeeder.testUserMobile)", "code": "123456"}"#, headers: d1)
            let d1bToken = try #require(login.body["data"]?["access_token"]?.stringValue, Comment(rawValue: login.raw))
            #expect(try await profile(.get, "/api/lottery/config", token: d1bToken, d1) == "d1b")
            #expect(try await profile(.get, "/api/user/info", token: d1bToken) == "d1b", "remembered without any header")
            // A header-only caller nobody recognised yet: the header rule.
            let (other, _) = try await client.legacyLogin(DemoSeeder.merchantMobile)
            #expect(try await profile(.get, "/api/lottery/config", token: other, d1) == "d1a")
            #expect(try await profile(.get, "/api/lottery/config", token: other) == "union")
            // D0's alias marks the caller d0; its config then answers as D0's (prize values as text).
            let (user, _) = try await client.legacyLogin()
            #expect(try await profile(.get, "/api/user/points-records?pageSize=5", token: user) == "d0")
            let config = try await client.send(.get, "/api/lottery/config", token: user)
            #expect(config.body["data"]?["prizes"]?[0]?["value"]?.stringValue != nil, Comment(rawValue: config.raw))
            // A later marker wins: D1-A's sort_by.
            #expect(try await profile(.get, "/api/exchange/products?sort_by=exchange_points", token: user) == "d1a")
            #expect(try await profile(.get, "/api/lottery/config", token: user) == "d1a")
            // X-Legacy-Profile still overrides everything.
            #expect(try await profile(.get, "/api/lottery/config", token: user, ["X-Legacy-Profile": "union"]) == "union")
        }
        let memory = BuildMemory(capacity: 3, lifetime: .milliseconds(300))
        memory.remember("d0", tokens: ["a", "b"])
        memory.remember("d1b", tokens: ["c", "d"])
        #expect(memory.count == 3 && memory.profile(for: "a") == nil && memory.profile(for: "d") == "d1b", "oldest forgotten first")
        try await Task.sleep(for: .milliseconds(400))
        #expect(memory.profile(for: "d") == nil, "forgotten after its lifetime")
        // A request's recall: remembering the same profile again at once is not a write; another
        // profile is; a request without a token is remembered for nothing.
        let recalls = BuildMemory(lifetime: .seconds(3600))
        recalls.remember("d1b", for: recalls.recall("t"))
        let first = recalls.recall("t")
        #expect(first.profile == "d1b")
        recalls.remember("d1b", for: first)
        #expect(recalls.recall("t").until == first.until, "the same profile at once: not written again")
        recalls.remember("d0", for: recalls.recall("t"))
        #expect(recalls.profile(for: "t") == "d0")
        recalls.remember("d0", for: recalls.recall(nil))
        #expect(recalls.count == 1)
    }

    /// No profile can reveal what the union hides: changes reshape values already answered.
    @Test func noProfileRevealsSecrets() async throws {
        for profile in try Self.shipped().profiles.profiles.keys.sorted() {
            try await TestBridge.withBridge(.embeddedInProcess, profile: profile) { client in
                let token = try await client.legacyLogin().0
                for (method, path) in [(HTTPRequest.Method.get, "/api/lottery/config"), (.post, "/api/lottery/draw"), (.get, "/api/user/info"),
                                       (.get, "/api/exchange/products"), (.get, "/api/lottery/records")] {
                    let answer = method == .post
                        ? try await client.send(method, path, json: ["draw_type": "single"], token: token)
                        : try await client.send(method, path, token: token)
                    for secret in ["win_probability", "cost_price", "13800138000", "stock_quantity"] {
                        #expect(!answer.raw.contains(secret), "\(profile) \(path) reveals \(secret)")
                    }
                }
            }
        }
    }
}
