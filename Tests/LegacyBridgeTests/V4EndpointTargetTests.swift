import BridgeKit
import Testing
import V4Contract

/// Where the HTTP transport sends a call: a template without parameters is taken as it is
/// (kept once at start-up), and says the same as the template filled in segment by segment.
@Suite struct V4EndpointTargetTests {
    static func endpoint(_ path: String) -> V4Endpoint<V4NoInput, V4Profile> {
        V4Endpoint(path, .get, path, access: .bearer, code: "OK", message: "ok")
    }

    @Test(arguments: [
        ("auth/profile", "/api/v4/unified-engine/auth/profile"),
        ("auth//profile/", "/api/v4/unified-engine/auth/profile"),
        ("/api/v4/photo/upload", "/api/v4/photo/upload"),
        ("/", ""),
    ])
    func aFixedTemplateIsItsPath(_ template: String, _ expected: String) {
        let endpoint = Self.endpoint(template)
        #expect(endpoint.target(for: V4Input()) == expected)
        #expect(endpoint.target(for: V4Input(query: ["b": "2 3", "a": "1"])) == expected + "?a=1&b=2%203")
    }

    @Test func parametersAreFilledIn() {
        let endpoint = Self.endpoint("points/balance/:user_id")
        #expect(endpoint.target(for: V4Input(path: ["user_id": "42"])) == "/api/v4/unified-engine/points/balance/42")
        #expect(endpoint.target(for: V4Input()) == "/api/v4/unified-engine/points/balance/")
        #expect(V4API.Auth.profile.target(for: V4Input()) == "/api/v4/unified-engine/auth/profile")
    }
}
