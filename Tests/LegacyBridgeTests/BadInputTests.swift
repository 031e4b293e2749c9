import BridgeKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Malformed requests per route, each with the exact legacy code it must get. None may yield a
/// 5xx or anything but a legacy envelope.
@Suite struct BadInputTests {
    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        /// Send the demo user's access token.
        var authenticated = false
        var rawAuthorization: String?
        var code: Int
        var status: Int

        var testDescription: String { name }
    }

    static let deepJSON = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    static let hugeBody = "{\"mobile\":\"" + String(repeating: "1", count: 1_100_000) + "\"}"

    static let cases: [BadRequest] = [
        // auth.login
        .init(name: "login: malformed JSON", method: .post, path: "/api/auth/login", body: "{\"mobile\": ", code: 4007, status: 400),
        .init(name: "login: JSON array body", method: .post, path: "/api/auth/login", body: "[1,2]", code: 4007, status: 400),
        // Login reads at most 4 KiB (what a login needs): a 10 KB body is refused unread.
        .init(name: "login: deeply nested JSON", method: .post, path: "/api/auth/login", body: deepJSON, code: 4006, status: 413),
        .init(name: "login: nested JSON under the login limit", method: .post, path: "/api/auth/login",
              body: String(repeating: "[", count: 1500) + String(repeating: "]", count: 1500), code: 4007, status: 400),
        .init(name: "login: empty body", method: .post, path: "/api/auth/login", body: "", code: 1001, status: 400),
        .init(name: "login: mobile as boolean", method: .post, path: "/api/auth/login",
              body: #"{"mobile": true, "verification_code": "123456"}"#, code: 1001, status: 400),
        .init(name: "login: mobile as object", method: .post, path: "/api/auth/login",
              body: #"{"mobile": {"a": 1}, "code": "123456"}"#, code: 1001, status: 400),
        .init(name: "login: mobile with letters", method: .post, path: "/api/auth/login",
              body: #"{"mobile": "1380013800a", "code": "123456"}"#, code: 1001, status: 400),
        .init(name: "login: mobile far too long", method: .post, path: "/api/auth/login",
              body: #"{"mobile": "138001380001380013800", "code": "123456"}"#, code: 1001, status: 400),
        .init(name: "login: emoji mobile", method: .post, path: "/api/auth/login",
              body: #"{"mobile": "📱📱📱📱📱📱📱📱📱📱📱", "code": "123456"}"#, code: 1001, status: 400),
        .init(name: "login: code as array", method: .post, path: "/api/auth/login",
              body: #"{"mobile": "13800138000", "code": ["123456"]}"#, code: 1002, status: 400),
        .init(name: "login: body over 1 MB", method: .post, path: "/api/auth/login", body: hugeBody, code: 4006, status: 413),
        .init(name: "login: wrong method (405, Allow: POST)", method: .get, path: "/api/auth/login", code: 4000, status: 405),
        // auth.admin_login
        .init(name: "admin-login: password as number", method: .post, path: "/api/auth/admin-login",
              body: #"{"username": "admin", "password": 123456}"#, code: 3003, status: 401),
        .init(name: "admin-login: username as array", method: .post, path: "/api/auth/admin-login",
              body: #"{"username": ["admin"], "password": "x"}"#, code: 3001, status: 400),
        .init(name: "admin-login: malformed JSON", method: .post, path: "/api/auth/admin-login", body: "{username:admin}",
              code: 4007, status: 400),
        // auth.refresh
        .init(name: "refresh: Basic auth scheme", method: .post, path: "/api/auth/refresh", rawAuthorization: "Basic YWRtaW46YWRtaW4=",
              code: 2001, status: 401),
        .init(name: "refresh: garbage token", method: .post, path: "/api/auth/refresh", rawAuthorization: "Bearer not.a.jwt",
              code: 2001, status: 401),
        // auth.verify_token
        .init(name: "verify-token: empty bearer", method: .get, path: "/api/auth/verify-token", rawAuthorization: "Bearer ",
              code: 2001, status: 401),
        .init(name: "verify-token: token without dots", method: .get, path: "/api/auth/verify-token",
              rawAuthorization: "Bearer abcdef", code: 2001, status: 401),
        .init(name: "verify-token: 10 kB token", method: .get, path: "/api/auth/verify-token",
              rawAuthorization: "Bearer " + String(repeating: "a.", count: 5000), code: 2001, status: 401),
        // auth.send_code
        .init(name: "send-code: no mobile", method: .post, path: "/api/auth/send-code", body: "{}", code: 1001, status: 400),
        .init(name: "send-code: mobile as float", method: .post, path: "/api/auth/send-code", body: #"{"mobile": 1.5}"#,
              code: 1001, status: 400),
        // user.info
        .init(name: "user info: no token", method: .get, path: "/api/user/info", code: 2001, status: 401),
        .init(name: "user info put: malformed JSON", method: .put, path: "/api/user/info", body: "{\"nickname\":",
              authenticated: true, code: 4007, status: 400),
        .init(name: "user info put: nickname too long", method: .put, path: "/api/user/info",
              body: "{\"nickname\":\"" + String(repeating: "长", count: 51) + "\"}", authenticated: true, code: 4008, status: 400),
        .init(name: "user info put: blank nickname", method: .put, path: "/api/user/info", body: #"{"nickname": "   "}"#,
              authenticated: true, code: 4002, status: 400),
        .init(name: "user info put: avatar as number", method: .put, path: "/api/user/info", body: #"{"avatar": 5}"#,
              authenticated: true, code: 4002, status: 400),
        // user.status
        .init(name: "user status: forged-looking token", method: .get, path: "/api/user/status",
              rawAuthorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", code: 2001, status: 401),
        // photo.history (and its aliases)
        .init(name: "photo history: limit not a number", method: .get, path: "/api/photo/history?limit=abc", authenticated: true,
              code: 4003, status: 400),
        .init(name: "photo history: negative page", method: .get, path: "/api/photo/history?page=-1", authenticated: true,
              code: 4003, status: 400),
        .init(name: "photo history: unknown status", method: .get, path: "/upload/records?status=bogus", authenticated: true,
              code: 4003, status: 400),
        .init(name: "photo history: fractional limit", method: .get, path: "/api/upload/records?limit=1.5", authenticated: true,
              code: 4003, status: 400),
        .init(name: "photo history: no token", method: .get, path: "/upload/records", code: 2001, status: 401),
        // user.points_records
        .init(name: "points records: unknown type", method: .get, path: "/api/user/points/records?type=bogus", authenticated: true,
              code: 4003, status: 400),
        .init(name: "points records: unknown source", method: .get, path: "/api/user/points/records?source=casino",
              authenticated: true, code: 4003, status: 400),
        .init(name: "points records: pageSize not a number", method: .get, path: "/api/user/points-records?pageSize=abc",
              authenticated: true, code: 4003, status: 400),
        .init(name: "points records: page zero", method: .get, path: "/api/user/points-records?page=0", authenticated: true,
              code: 4003, status: 400),
        .init(name: "points records: no token", method: .get, path: "/api/user/points-records", code: 2001, status: 401),
        // exchange.products
        .init(name: "products: limit not a number", method: .get, path: "/api/exchange/products?limit=abc", authenticated: true,
              code: 4003, status: 400),
        .init(name: "products: negative page", method: .get, path: "/api/exchange/products?page=-1", authenticated: true,
              code: 4003, status: 400),
        .init(name: "products: category too long", method: .get,
              path: "/api/exchange/products?category=" + String(repeating: "x", count: 51), authenticated: true, code: 4008, status: 400),
        .init(name: "products: forged token", method: .get, path: "/api/exchange/products",
              rawAuthorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", code: 2001, status: 401),
        // exchange.submit
        .init(name: "submit: malformed JSON", method: .post, path: "/api/exchange/submit", body: "{\"product_id\": ",
              authenticated: true, code: 4007, status: 400),
        .init(name: "submit: JSON array body", method: .post, path: "/api/exchange/submit", body: "[1]", authenticated: true,
              code: 4007, status: 400),
        .init(name: "submit: no product_id", method: .post, path: "/api/exchange/submit", body: "{\"quantity\":1}",
              authenticated: true, code: 4001, status: 400),
        .init(name: "submit: product_id not an integer", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1.5}", authenticated: true, code: 4002, status: 400),
        .init(name: "submit: product_id a word", method: .post, path: "/api/exchange/submit", body: "{\"product_id\":\"abc\"}",
              authenticated: true, code: 4002, status: 400),
        .init(name: "submit: quantity 0", method: .post, path: "/api/exchange/submit", body: "{\"product_id\":1,\"quantity\":0}",
              authenticated: true, code: 4003, status: 400),
        .init(name: "submit: quantity -1", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1,\"quantity\":-1}", authenticated: true, code: 4003, status: 400),
        .init(name: "submit: quantity 10^12", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1,\"quantity\":1000000000000}", authenticated: true, code: 4003, status: 400),
        .init(name: "submit: quantity a word", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1,\"quantity\":\"two\"}", authenticated: true, code: 4002, status: 400),
        .init(name: "submit: quantity past Int64", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1,\"quantity\":99999999999999999999999}", authenticated: true, code: 4002, status: 400),
        .init(name: "submit: unknown product", method: .post, path: "/api/exchange/submit", body: "{\"product_id\":424242}",
              authenticated: true, code: 4002, status: 404),
        .init(name: "submit: remark too long", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1,\"remark\":\"" + String(repeating: "备", count: 201) + "\"}", authenticated: true,
              code: 4008, status: 400),
        .init(name: "submit: delivery_info a string", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":1,\"delivery_info\":\"北京\"}", authenticated: true, code: 4002, status: 400),
        .init(name: "submit: address too long", method: .post, path: "/api/exchange/submit",
              body: "{\"product_id\":6,\"delivery_info\":{\"delivery_address\":\"" + String(repeating: "x", count: 201) + "\"}}",
              authenticated: true, code: 4002, status: 400),
        .init(name: "submit: no token", method: .post, path: "/api/exchange/submit", body: "{\"product_id\":1}", code: 2001,
              status: 401),
        .init(name: "submit: oversized body", method: .post, path: "/api/exchange/submit", body: hugeBody, authenticated: true,
              code: 4006, status: 413),
        // exchange.orders, exchange.categories, user.points_statistics
        .init(name: "orders: unknown status", method: .get, path: "/api/exchange/orders?status=lost", authenticated: true,
              code: 4003, status: 400),
        .init(name: "orders: limit not a number", method: .get, path: "/api/exchange/orders?limit=ten", authenticated: true,
              code: 4003, status: 400),
        .init(name: "orders: no token", method: .get, path: "/api/exchange/orders", code: 2001, status: 401),
        .init(name: "categories: no token", method: .get, path: "/api/exchange/categories", code: 2001, status: 401),
        .init(name: "points statistics: forged token", method: .get, path: "/api/user/points/statistics",
              rawAuthorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", code: 2001, status: 401),
        .init(name: "products: unknown sort", method: .get, path: "/api/exchange/products?sort=newest", authenticated: true,
              code: 4003, status: 400),
        .init(name: "products: search too long", method: .get,
              path: "/api/exchange/products?search=" + String(repeating: "x", count: 101), authenticated: true, code: 4008, status: 400),
        // photo.upload (JSON instead of multipart), photo.review_detail, merchant routes
        .init(name: "photo upload: JSON body", method: .post, path: "/api/photo/upload", body: "{\"amount\":\"58.50\"}",
              authenticated: true, code: 1001, status: 400),
        .init(name: "photo upload: no token", method: .post, path: "/api/upload/photo", body: "{}", code: 2001, status: 401),
        .init(name: "review detail: unknown id", method: .get, path: "/api/photo/review/424242", authenticated: true,
              code: 4004, status: 404),
        .init(name: "review detail: id too long", method: .get, path: "/api/photo/review/" + String(repeating: "9", count: 101),
              authenticated: true, code: 4008, status: 400),
        .init(name: "merchant apply: malformed JSON", method: .post, path: "/api/merchant/apply", body: "{\"business_name\":",
              authenticated: true, code: 4007, status: 400),
        .init(name: "merchant apply: wrong type", method: .post, path: "/api/merchant/apply",
              body: "{\"business_name\":[1],\"contact_person\":\"a\",\"contact_phone\":\"1\"}", authenticated: true,
              code: 1001, status: 400),
        .init(name: "merchant review: not a merchant", method: .post, path: "/api/merchant/review",
              body: "{\"upload_id\":\"1\",\"action\":\"approved\",\"actual_amount\":1}", authenticated: true, code: 2003,
              status: 403),
        .init(name: "merchant review: malformed JSON", method: .post, path: "/api/merchant/review", body: "[",
              authenticated: true, code: 4007, status: 400),
        .init(name: "batch review: not a list", method: .post, path: "/api/merchant/batch-review", body: "{\"reviews\":{}}",
              authenticated: true, code: 4001, status: 400),
        .init(name: "merchant statistics: unknown period", method: .get, path: "/api/merchant/statistics?period=forever",
              authenticated: true, code: 4003, status: 400),
        .init(name: "merchant statistics: no token", method: .get, path: "/api/merchant/statistics", code: 2001, status: 401),
        .init(name: "avatar: no token", method: .post, path: "/api/user/avatar", body: "{}", code: 2001, status: 401),
        // unknown paths
        .init(name: "unknown legacy path", method: .get, path: "/api/lottery/nonexistent", code: 4000, status: 404),
        .init(name: "path traversal", method: .get, path: "/api/../../etc/passwd", code: 4000, status: 404),
    ]

    @Test(arguments: cases)
    func badRequestGetsTheDocumentedCode(_ bad: BadRequest) async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client in
            var headers: [String: String] = [:]
            if let raw = bad.rawAuthorization { headers["Authorization"] = raw }
            let token = bad.authenticated ? try await client.legacyLogin().0 : nil
            let result = try await client.send(bad.method, bad.path, body: bad.body, token: token, headers: headers)
            #expect(result.status == bad.status, Comment(rawValue: result.raw))
            #expect(result.body["code"]?.intValue == Int64(bad.code), Comment(rawValue: result.raw))
            #expect(result.body["msg"]?.stringValue?.isEmpty == false)
            #expect(result.body["message"] == result.body["msg"])
            #expect(result.body.objectValue?.keys == ["code", "msg", "message", "data"])
            #expect(result.status < 500)
        }
    }

    @Test func unknownV4PathGetsAV4Envelope() async throws {
        try await TestBridge.withBridge(.embeddedInProcess) { client in
            let result = try await client.send(.get, "/api/v4/unified-engine/nothing-here")
            #expect(result.status == 404)
            #expect(result.body["success"] == false)
            #expect(result.body["code"] == "NOT_FOUND")
            #expect(result.body["error"] == "NOT_FOUND")
            #expect(result.body["version"] == "v4.0")
            #expect(result.body["request_id"]?.stringValue?.hasPrefix("req_") == true)
            #expect(result.body["timestamp"]?.stringValue?.hasSuffix("+08:00") == true)
        }
    }
}
