import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LegacyAPI
import NIOCore
import Testing
import ServerKit
import V4Core

/// The V4 seam: every endpoint value of the contract is served by the core and callable by the
/// bridge's transports, which answer alike; what the typed seam fixed stays fixed.
@Suite struct V4SeamTests {
    static func filled(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment == ":campaignCode" ? "BASIC_LOTTERY" : segment.hasPrefix(":") ? "1" : String(segment)
        }.joined(separator: "/")
    }

    @Test func everyEndpointValueHasOneHandlerAndAnHTTPRoute() async throws {
        let engine = try await CoreTests.engine()
        #expect(Set(V4API.all.map(\.id)).count == V4API.all.count, "endpoint ids are unique")
        #expect(engine.handlers.endpointIDs == Set(V4API.all.map(\.id)), "the core handles exactly the contract's endpoints")
        let routes = V4API.all.flatMap { endpoint in endpoint.paths.map { "\(endpoint.method) \($0)" } }
        #expect(Set(routes).count == routes.count, "no two endpoints share a method and path")
        try await Application(router: engine.makeRouter(), logger: TestBridge.logger).test(.router) { client in
            for endpoint in V4API.all {
                for path in endpoint.paths {
                    let response = try await client.executeRequest(
                        uri: Self.filled(path), method: endpoint.method, headers: [.contentType: "application/json"],
                        body: ByteBuffer(string: "{}"))
                    let body = try JSONValue.parse(String(buffer: response.body))
                    let what = Comment(rawValue: "\(endpoint.id) \(path): \(String(buffer: response.body))")
                    #expect(body["error"] != "NOT_FOUND", what)
                    if endpoint.access == .bearer {
                        #expect(response.status == .unauthorized && body["error"] == "TOKEN_MISSING", what)
                    } else {
                        #expect(response.status != .unauthorized || endpoint.id == V4API.Auth.verify.id || endpoint.id == V4API.Auth.refresh.id, what)
                    }
                }
            }
        }
    }

    /// Each read endpoint called in process (typed values) and over HTTP (decoded from the wire)
    /// gives equal values.
    @Test func bothTransportsGiveEqualValues() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try await V4Engine.open(TestBridge.coreConfiguration(directory), logger: TestBridge.logger)
        _ = try await DemoSeeder.seed(engine, adminPassword: TestBridge.adminPassword)
        let grant = try await engine.auth.login(mobile: DemoSeeder.testUserMobile, verificationCode: "123456")
        let user = grant.user.userId
        let inProcess = engine.transport(logger: TestBridge.logger)
        try await Application(router: engine.makeRouter(), logger: TestBridge.logger).test(.live) { client in
            let http = HTTPUpstreamTransport(baseURL: "http://127.0.0.1:\(client.port!)", timeout: .seconds(60))
            // The client is shut down whatever happens: an AsyncHTTPClient dropped unshut traps.
            do {
                let credentials = V4Credentials(token: grant.accessToken, requestID: "req_seam")
                func same<I, O: Encodable>(_ endpoint: V4Endpoint<I, O>, _ input: I) async throws {
                    let a = try await inProcess.call(endpoint, input, as: credentials)
                    let b = try await http.call(endpoint, input, as: credentials)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    #expect(try encoder.encode(a) == encoder.encode(b), "\(endpoint.id)")
                }
                let page = V4PageQuery(page: 1, limit: 5)
                try await same(V4API.Auth.profile, .init())
                try await same(V4API.Points.balance, .init(userId: user))
                try await same(V4API.Points.transactions, .init(userId: user, page: page, type: "earn"))
                try await same(V4API.Points.statistics, .init(userId: user))
                try await same(V4API.Lottery.campaigns, .init())
                try await same(V4API.Lottery.prizes, .init(campaignCode: "BASIC_LOTTERY"))
                try await same(V4API.Lottery.config, .init(campaignCode: "BASIC_LOTTERY"))
                try await same(V4API.Lottery.history, .init(userId: user, page: page))
                try await same(V4API.Lottery.statistics, .init(userId: user, campaignCode: "BASIC_LOTTERY"))
                try await same(V4API.Photo.myUploads, .init(page: page))
                try await same(V4API.Photo.myStats, .init())
                try await same(V4API.Inventory.products, .init(page: page, category: "优惠券"))
                try await same(V4API.Inventory.products, .init(page: page, search: "券", minPoints: 100, stockStatus: "in_stock", sort: "hot"))
                _ = try await inProcess.call(V4API.Inventory.exchange, .init(productId: 6, delivery: .init(address: "北京")), as: credentials)
                try await same(V4API.Inventory.exchangeRecords, .init(page: page))
                try await same(V4API.Inventory.userInventory, .init(userId: user, page: page))
                try await same(V4API.Points.breakdown, .init(userId: user))
                // Multipart over HTTP gives what the typed value gives in process.
                let jpeg = Array(FileManager.default.contents(atPath: TestBridge.fixturesDirectory + "/../images/receipt.jpg")!)
                let file = V4UploadedFile(fileName: "r.jpg", contentType: "image/jpeg", bytes: jpeg)
                let viaHTTP = try await http.call(V4API.Photo.upload, .init(file: file, amount: "12.50"), as: credentials)
                let inProc = try await inProcess.call(V4API.Photo.upload, .init(file: file, amount: "12.50"), as: credentials)
                #expect(viaHTTP.upload.originalUrl == inProc.upload.originalUrl && viaHTTP.upload.width == 320)
                #expect(viaHTTP.upload.amountCents == 1250 && inProc.upload.fileSize == jpeg.count)
                try await same(V4API.Photo.detail, .init(id: String(inProc.upload.resourceId)))
                // Errors are the same value too.
                for transport in [inProcess as any V4Transport, http] {
                    await #expect(throws: V4ClientError.rejected(code: "SELF_ONLY", message: "只能访问自己的数据", status: 403, data: nil)) {
                        _ = try await transport.call(V4API.Points.balance, .init(userId: user + 1), as: credentials)
                    }
                    await #expect(throws: V4ClientError.rejected(
                        code: "INVALID_PAGINATION", message: "参数 limit 必须在 1-100 之间", status: 400, data: nil)) {
                        _ = try await transport.call(V4API.Photo.myUploads, .init(page: V4PageQuery(page: 1, limit: 500)), as: credentials)
                    }
                }
            } catch {
                await http.shutdown()
                throw error
            }
            await http.shutdown()
        }
    }

    /// V4 answers an admin's prize list in the full shape; the legacy config sanitises it
    /// instead of failing with 5003 (it did before the typed seam).
    @Test(arguments: TestBridge.Mode.allCases)
    func adminGetsTheLotteryConfig(_ mode: TestBridge.Mode) async throws {
        // bcrypt on a loaded test machine can outlast the default 5 s upstream deadline.
        try await TestBridge.withBridge(mode, coreTimeout: .seconds(60)) { client in
            let login = try await client.send(
                .post, "/api/auth/admin-login", json: ["username": "admin", "password": .string(TestBridge.adminPassword)])
            let token = try #require(login.body["data"]?["access_token"]?.stringValue, Comment(rawValue: login.raw))
            let config = try await client.send(.get, "/api/lottery/config", token: token)
            #expect(config.status == 200 && config.body["code"] == 0, Comment(rawValue: config.raw))
            let prizes = config.body["data"]?["prizes"]?.arrayValue ?? []
            #expect(prizes.count == 8)
            for banned in ["win_probability", "cost_points", "stock_quantity", "daily_win_count"] {
                #expect(!config.raw.contains("\"\(banned)\""), "no \(banned) for a legacy client")
            }
            // The legacy key stays, with the neutral value users get.
            #expect(prizes.allSatisfy { $0["probability"] == 0 })
            let user = try await client.legacyLogin().0
            let asUser = try await client.send(.get, "/api/lottery/config", token: user)
            #expect(asUser.body["data"]?["prizes"] == config.body["data"]?["prizes"], "an admin sees what a user sees")
        }
    }

    /// A client's `X-Request-Id` names the answer (and the log line), as it names the V4 hop.
    @Test(arguments: TestBridge.Mode.allCases)
    func clientRequestIDIsAdopted(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            let token = try await client.legacyLogin().0
            let response = try await client.executeRequest(
                uri: "/api/user/status", method: .get,
                headers: [.authorization: "Bearer \(token)", HTTPField.Name("X-Request-Id")!: "client-id-42"], body: nil)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "client-id-42")
            let forged = try await client.executeRequest(
                uri: "/api/user/status", method: .get,
                headers: [.authorization: "Bearer \(token)", HTTPField.Name("X-Request-Id")!: "bad id\twith\tcontrols"], body: nil)
            #expect(forged.headers[HTTPField.Name("X-Request-Id")!]?.hasPrefix("req_") == true, "an unprintable id is replaced")
        }
    }

    /// Logout revokes at once, in the in-memory session view too: a token used right after its
    /// logout answered is refused, however many requests used it concurrently before.
    @Test(arguments: TestBridge.Mode.allCases)
    func logoutRevokesAtOnce(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client in
            for _ in 0..<5 {
                let token = try await client.legacyLogin().0
                let before = try await client.send(.get, "/api/user/status", token: token)
                #expect(before.status == 200)
                let (logout, concurrent) = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<8 { group.addTask { try await client.send(.get, "/api/user/status", token: token).status } }
                    let logout = try await client.send(.post, "/api/auth/logout", token: token)
                    var statuses: [Int] = []
                    for try await status in group { statuses.append(status) }
                    return (logout, statuses)
                }
                #expect(logout.status == 200, Comment(rawValue: logout.raw))
                #expect(concurrent.allSatisfy { $0 == 200 || $0 == 401 })
                let after = try await client.send(.get, "/api/user/status", token: token)
                #expect(after.status == 401 && after.body["code"] == 2001, Comment(rawValue: after.raw))
            }
        }
    }

    @Test func asecondServerOnTheSameDataDirectoryIsRefused() async throws {
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Only the transport is kept, as a serving bridge keeps it: the lock lives with the database.
        let transport = try await CoreTests.engine(directory).transport(logger: TestBridge.logger)
        await #expect(throws: DataDirectoryLock.InUse.self) { _ = try await CoreTests.engine(directory) }
        _ = transport
    }

    /// The hot-path HS256 check accepts exactly what jwt-kit signs with the same key.
    @Test func tokenCheckAgreesWithJWTKit() async throws {
        let tokens = await TokenService(secret: TestBridge.secret, accessTTL: 600, refreshTTL: 600)
        var random = SplitMix64(seed: 7)
        for index in 0..<300 {
            let token = try await tokens.issue(
                index % 2 == 0 ? .access : .refresh, userId: Int64(random.next() % 1_000_000 + 1), sessionId: UUID().uuidString,
                jti: UUID().uuidString)
            let kind: TokenClaims.Kind = index % 2 == 0 ? .access : .refresh
            #expect(try tokens.verify(token, as: kind).typ == kind)
            #expect(throws: TokenFailure.wrongKind) { try tokens.verify(token, as: kind == .access ? .refresh : .access) }
            var bytes = Array(token.utf8)
            let position = Int(random.next() % UInt64(bytes.count - 2))
            if bytes[position] != UInt8(ascii: ".") {
                bytes[position] = bytes[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                #expect(throws: TokenFailure.self) { try tokens.verify(String(decoding: bytes, as: UTF8.self), as: kind) }
            }
        }
        // `alg: none` with the same claims is not ours.
        let good = try await tokens.issue(.access, userId: 1, sessionId: "s", jti: "j")
        let parts = good.split(separator: ".")
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + "."
        #expect(throws: TokenFailure.self) { try tokens.verify(none, as: .access) }
        #expect(throws: TokenFailure.malformed) { try tokens.verify(String(repeating: "a", count: 5000), as: .access) }
    }
}
