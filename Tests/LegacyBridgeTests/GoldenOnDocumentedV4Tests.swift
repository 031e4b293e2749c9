import BridgeKit
import Foundation
import LegacyAPI
import ResponseDiff
import Testing

/// The golden legacy cases in a fourth mode: through the bridge in front of the V4 that seed 003
/// documents (the double, on the embedded demo's data). A case is identical to its recording, or
/// it is degraded as Mappings/degradation.yaml says: its route is rated unavailable and the answer
/// is `1001 功能暂不可用`, or the route works and the answer keeps the recording's verdict
/// (success stays success, a refusal stays a refusal) with data that 003's deployment holds
/// differently (its own draw randomness, no out-of-stock products in the list, ids it mints).
/// Never a system error.
@Suite(.serialized) struct GoldenOnDocumentedV4Tests {
    @Test(arguments: GoldenFixtureTests.files)
    func goldenCasesAreIdenticalOrDegradedAsDeclared(path: String) async throws {
        let file = try GoldenFile.load(path: path)
        let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
        try await V4DoubleProcess.with(["--seed", "demo", "--jwt-secret", TestBridge.secret]) { double in
            let probe = await UpstreamProbe(baseURL: double.url, degradation: mappings.degradation).run()
            let rating = Dictionary(uniqueKeysWithValues: probe.routes.map { ($0.route, $0.rating) })
            let report = try await TestBridge.withUpstreamBridge(url: double.url, timeout: .seconds(20)) { client in
                let tokens = FixtureTokens(
                    logins: ["user": "13800138000", "merchant": "13900139000"], mint: GoldenFixtureTests.mint)
                var runner = DiffRunner(
                    rules: try DiffRulesLoader.load(directory: TestBridge.mappingsDirectory), primary: nil,
                    candidate: TestClientSource(client: client), tokens: { try await tokens.token(for: $0, on: $1) })
                runner.allowSideEffects = true
                runner.concurrency = 1
                return await runner.run([FixtureExchanges.exchanges(file)])
            }
            for (golden, result) in zip(file.cases, report.results) where result.outcome != .identical {
                let expected = golden.expectedBody["code"]?.intValue
                let got = result.candidate?.body?["code"]?.intValue
                let route = Self.route(of: golden, in: mappings) ?? file.route
                let where_ = "\(route) \(golden.name): \(result.candidate?.raw.prefix(300) ?? "no answer")"
                // System errors: the /api family's 5001-5003, the /api/v1 family's 1000 and 1003-1005.
                let systemErrors: Set<Int64> = mappings.route(route)?.family == nil ? [5001, 5002, 5003] : [1000, 1003, 1004, 1005]
                #expect(!systemErrors.contains(got ?? 0) || got == expected, "a system error: \(where_)")
                let declared = mappings.degradation.routes.first { $0.id == route }?.cases.contains(golden.name) ?? false
                switch declared ? "degraded" : rating[route] {
                case "unavailable"?:
                    if expected == 0 { #expect(got == 1001, "unavailable, so 1001: \(where_)") }
                case "degraded"?:
                    // Composed or left out as the table says: any documented answer, no system error.
                    break
                default:
                    if expected == 0 {
                        #expect(got == 0, "a success in the recording stays one: \(where_)")
                    } else if let expected, [2001, 2002, 4000, 4001, 4002, 4003, 4006, 4007, 4008].contains(Int(expected)) {
                        // Decided by the bridge before V4 is asked: the same answer.
                        #expect(got == expected, "\(where_)")
                    } else {
                        #expect(got != 0, "a refusal in the recording stays one: \(where_)")
                    }
                }
            }
        }
    }

    /// The legacy route a case's request goes to (its method and path against the mappings).
    static func route(of golden: GoldenCase, in mappings: MappingSet) -> String? {
        let path = golden.path.split(separator: "?")[0].split(separator: "/")
        return mappings.routes.first { route in
            route.method.rawValue == golden.method
                && route.paths.contains { template in
                    let parts = template.split(separator: "/")
                    return parts.count == path.count && zip(parts, path).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
                }
        }?.id
    }
}
