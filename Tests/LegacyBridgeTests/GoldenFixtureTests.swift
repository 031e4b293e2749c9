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
            let results = try await TestBridge.withBridge(mode) { client in
                try await GoldenRunner(client: client).run(file)
            }
            for (golden, result) in zip(file.cases, results) {
                #expect(result.status == golden.expectedStatus, Comment(rawValue: "\(mode) \(golden.name): HTTP \(result.status) \(result.raw)"))
                let problems = GoldenMatcher.mismatches(expected: golden.expectedBody, actual: result.body)
                #expect(problems.isEmpty, "\(mode) \(golden.name): \(problems.joined(separator: "; "))")
            }
            transcripts[mode] = zip(file.cases, results).map { GoldenMatcher.masked($1.body, by: $0.expectedBody) }
        }
        let reference = transcripts[.embeddedInProcess]!
        for mode in TestBridge.Mode.allCases {
            for (index, golden) in file.cases.enumerated() where transcripts[mode]![index] != reference[index] {
                Issue.record("\(mode) differs from the in-process transport on '\(golden.name)': \(transcripts[mode]![index].serialized())")
            }
        }
    }
}

/// Plays one fixture file's cases in order, supplying tokens for `as:` principals.
struct GoldenRunner: Sendable {
    let client: any TestClientProtocol

    func run(_ file: GoldenFile) async throws -> [LegacyResult] {
        var sessions: [String: (String, String)] = [:]
        var results: [LegacyResult] = []
        for golden in file.cases {
            var token: String?
            switch golden.principal {
            case nil: token = nil
            case "user", "user_refresh":
                if sessions["user"] == nil { sessions["user"] = try await client.legacyLogin() }
                token = golden.principal == "user" ? sessions["user"]!.0 : sessions["user"]!.1
            case "merchant":
                if sessions["merchant"] == nil { sessions["merchant"] = try await client.legacyLogin(DemoSeeder.merchantMobile) }
                token = sessions["merchant"]!.0
            case "expired":
                // Signed with the deployment's key, expired ten seconds ago.
                let tokens = await TokenService(secret: TestBridge.secret, accessTTL: -10, refreshTTL: -10)
                token = try await tokens.issue(.access, userId: 1, sessionId: "expired-session", jti: UUID().uuidString)
            case "forged":
                let tokens = await TokenService(secret: "another-key-entirely-0123456789abcdef", accessTTL: 3600, refreshTTL: 3600)
                token = try await tokens.issue(.access, userId: 1, sessionId: "forged-session", jti: UUID().uuidString)
            case let other?:
                throw TestFailure("\(file.path): unknown principal \(other)")
            }
            results.append(try await client.send(
                HTTPRequest.Method(golden.method)!, golden.path, body: golden.body, token: token, headers: golden.headers))
        }
        return results
    }
}
