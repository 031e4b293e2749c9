import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import LegacyAPI
import ServerKit
import Testing
import V4Core

/// Every file URL the legacy API answers is absolute: a mini-program resolves a relative
/// `/files/…` inside its own package, and the thumbnail does not show (issue 24).
@Suite struct AbsoluteURLTests {
    /// A receipt uploaded through the bridge shows with the same absolute URL in the upload's
    /// answer and in all three history routes, over a real socket in both core locations; a
    /// client's own `X-Forwarded-Proto` is not believed.
    @Test(arguments: [TestBridge.Mode.embeddedSocket, .upstreamHTTP])
    func historyThumbnailsAreAbsolute(_ mode: TestBridge.Mode) async throws {
        try await TestBridge.withBridge(mode) { client, _ in
            let token = try await client.legacyLogin().0
            let uploaded = try await LegacyPhotoReviewTests.upload(
                client, token: token, file: LegacyPhotoReviewTests.image("receipt.jpg"))
            let url = try #require(uploaded.body["data"]?["image_url"]?.stringValue, Comment(rawValue: uploaded.raw))
            #expect(url.hasPrefix("http://") && url.contains("/files/"), "the upload's own answer: \(url)")
            for path in ["/api/photo/history", "/upload/records", "/api/upload/records"] {
                let history = try await client.send(.get, path, token: token, headers: ["X-Forwarded-Proto": "https"])
                let records = try #require(history.body["data"]?["records"]?.arrayValue, Comment(rawValue: history.raw))
                #expect(records.first?["image_url"] == .string(url), "\(path): \(history.raw)")
            }
        }
    }

    /// The origin comes from a configured public URL first; else the Host, with https only when a
    /// trusted proxy forwards `X-Forwarded-Proto: https`.
    @Test func originPrefersTheConfiguredURLAndBelievesOnlyTrustedProxies() throws {
        let proxies = try TrustedProxies.parse(["127.0.0.1"]).get()
        #expect(LegacyDeployment(publicBaseURL: "https://api.example.com/").publicBaseURL == "https://api.example.com")
        #expect(LegacyDeployment(trustedProxies: proxies).publicBaseURL == nil)
        var head = HTTPRequest(method: .get, scheme: nil, authority: "bridge.local:3000", path: "/api/photo/history")
        head.headerFields[HTTPField.Name("X-Forwarded-Proto")!] = "https"
        let request = Request(head: head, body: .init(buffer: ByteBuffer()))
        #expect(LegacyRouteAdapter.origin(of: request, viaTrustedProxy: false) == "http://bridge.local:3000")
        #expect(LegacyRouteAdapter.origin(of: request, viaTrustedProxy: true) == "https://bridge.local:3000")
    }
}
