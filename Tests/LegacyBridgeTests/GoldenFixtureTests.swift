import BridgeKit
import Foundation
import HTTPTypes
import NIOCore
import Testing
import HummingbirdTesting
import LegacyAPI
import ResponseDiff
import V4Core

/// The LegacyFixtures golden cases, run against real servers in every transport mode: each
/// case must match its recording, and all modes must give the same legacy responses.
@Suite struct GoldenFixtureTests {
    static let files: [String] = (try? GoldenFile.loadAll(directory: TestBridge.fixturesDirectory).map(\.path)) ?? []

    @Test func fixturesExistForEveryMappedRoute() throws {
        let files = try GoldenFile.loadAll(directory: TestBridge.fixturesDirectory)
        let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(
            directory: TestBridge.mappingsDirectory)
        let covered = Set(files.map(\.route))
        for route in mappings.routes {
            #expect(covered.contains(route.id), "no golden fixture for \(route.id)")
        }
    }

    @Test(arguments: files)
    func goldenCasesMatchInEveryMode(path: String) async throws {
        let file = try GoldenFile.load(path: path)
        var transcripts: [TestBridge.Mode: [JSONValue]] = [:]
        for mode in TestBridge.Mode.allCases {
            // The differ's own fixtures mode, with the test server as the candidate.
            let report = try await TestBridge.withBridge(mode) { client in
                let tokens = FixtureTokens(
                    logins: ["user": DemoSeeder.testUserMobile, "merchant": DemoSeeder.merchantMobile], mint: Self.mint)
                var runner = DiffRunner(
                    rules: try DiffRulesLoader.load(directory: TestBridge.mappingsDirectory), primary: nil,
                    candidate: TestClientSource(client: client), tokens: { try await tokens.token(for: $0, on: $1) })
                runner.allowSideEffects = true
                return await runner.run([FixtureExchanges.exchanges(file)])
            }
            for (golden, result) in zip(file.cases, report.results) {
                #expect(
                    result.outcome == .identical,
                    "\(mode) \(golden.name): \(result.note ?? "") \(result.differences.map(TerminalReport.describe))")
            }
            transcripts[mode] = zip(file.cases, report.results).map { golden, result in
                GoldenMatcher.masked(result.candidate?.body ?? .null, by: golden.expectedBody)
            }
        }
        let reference = transcripts[.embeddedInProcess]!
        for mode in TestBridge.Mode.allCases {
            for (index, golden) in file.cases.enumerated() where transcripts[mode]![index] != reference[index] {
                Issue.record("\(mode) differs from the in-process transport on '\(golden.name)': \(transcripts[mode]![index].serialized())")
            }
        }
    }

    /// `expired`: the demo user's token signed with the test deployments' key, expired 10 s ago;
    /// `forged`: signed with another key.
    static let mint: FixtureTokens.Mint = { principal in
        switch principal {
        case "expired":
            let tokens = await TokenService(secret: TestBridge.secret, accessTTL: 60, refreshTTL: 60)
            return try await tokens.issue(.access, userId: 1, sessionId: "expired-session", jti: UUID().uuidString, lifetime: -10)
        case "forged":
            let tokens = await TokenService(secret: "another-key-entirely-0123456789abcdef", accessTTL: 3600, refreshTTL: 3600)
            return try await tokens.issue(.access, userId: 1, sessionId: "forged-session", jti: UUID().uuidString)
        default:
            throw TestFailure("unknown principal \(principal)")
        }
    }
}

/// The test client (router or socket) as a differ side.
struct TestClientSource: ResponseSource {
    let label = "candidate"
    let baseURL: String? = nil
    let client: any TestClientProtocol

    func send(_ request: ReplayRequest) async -> SideResponse {
        var headers = HTTPFields()
        for (name, value) in request.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
        do {
            let response = try await client.executeRequest(
                uri: request.target, method: HTTPRequest.Method(request.method)!, headers: headers,
                body: request.body.map { ByteBuffer(bytes: $0) })
            return SideResponse(status: response.status.code, raw: String(buffer: response.body))
        } catch {
            return .failure("\(error)")
        }
    }
}
