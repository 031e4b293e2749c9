import ArgumentParser
import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import Hummingbird
import LegacyAPI
import Logging
import NIOCore
import ResponseDiff
import ServerKit
import V4Core
import BridgeAssembly

/// `legacy-bridge diff`: compares the old backend (or recordings) with the bridge.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare legacy responses: old backend vs bridge (live), or recordings vs bridge (fixtures).",
        discussion: """
            live:     diff --primary URL --candidate URL [--secondary URL] --requests FILE
            fixtures: diff --fixtures DIR [--candidate URL]   (no URL: a fresh embedded bridge per fixture file)
            --profile NAME asks the bridge for that client profile; --match-profiles replays everything once
            per profile in Mappings and prints, per endpoint, which profile answers most requests as recorded.
            Exit status 1 when any difference that is not noise (or any failed request) is found (not with
            --match-profiles, which only reports).
            """)

    @Option(help: "The old backend (live mode).") var primary: String?
    @Option(help: "The bridge. Without it, fixtures run in-process against the embedded core.") var candidate: String?
    @Option(help: "A second old instance: fields that differ between it and the primary are noise.") var secondary: String?
    @Option(help: "JSON-lines file of requests (method, path, query, headers, body).") var requests: String?
    @Option(help: "Directory of golden fixtures (LegacyFixtures/golden).") var fixtures: String?
    @Option(name: .customShort("j"), help: "Requests (live) or fixture files in flight at once.") var jobs = 4
    @Option(help: "Seconds before a request counts as failed.") var timeout = 10
    @Option(help: "Bearer token sent on every side.") var token: String?
    @Option(help: "mobile:code — log in on each side and use its token there.") var login: String?
    @Flag(help: "Also send POST/PUT/DELETE requests.") var allowSideEffects = false
    @Option(help: "Without a secondary: repeat each safe request to the primary this many times to find noise.") var noiseRepeats = 0
    @Option(help: "Directory of the mapping files (diff rules and endpoint patterns).") var mappings: String?
    @Option(help: "Write the report as JSON.") var reportJson: String?
    @Option(help: "Write a JUnit XML report (one test case per request).") var reportJunit: String?
    @Option(help: "Write a self-contained HTML report.") var reportHtml: String?
    @Option(help: "Client profile the bridge answers in (sent as X-Legacy-Profile).") var profile: String?
    @Flag(help: "Replay once per client profile and print the best-matching profile per endpoint.") var matchProfiles = false

    func validate() throws {
        guard (requests == nil) != (fixtures == nil) else { throw ValidationError("give exactly one of --requests and --fixtures") }
        if requests != nil {
            guard primary != nil, candidate != nil else { throw ValidationError("live mode needs --primary and --candidate") }
        }
        if token != nil && login != nil { throw ValidationError("give --token or --login, not both") }
        if profile != nil && matchProfiles { throw ValidationError("give --profile or --match-profiles, not both") }
        if let login, login.split(separator: ":").count != 2 { throw ValidationError("--login takes mobile:code") }
        guard jobs >= 1, timeout >= 1, noiseRepeats >= 0 else { throw ValidationError("-j and --timeout must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "legacy-bridge-diff")
        logger.logLevel = .warning
        let mappingsDirectory = try MappingsLocator.resolve(mappings)
        let rules = try DiffRulesLoader.load(directory: mappingsDirectory)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let runLogger = logger
        @Sendable func run(_ profile: String?) async throws -> DiffReport {
            if let requests { return try await live(requestsFile: requests, rules: rules, client: client, profile: profile) }
            return try await fixtureRun(
                directory: fixtures!, rules: rules, client: client, mappingsDirectory: mappingsDirectory, logger: runLogger, profile: profile)
        }
        let report: DiffReport
        do {
            if matchProfiles {
                let names = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: mappingsDirectory)
                    .profiles.profiles.keys.sorted { ($0 == "union" ? "" : $0) < ($1 == "union" ? "" : $1) }
                var reports: [(profile: String, report: DiffReport)] = []
                for name in names { reports.append((name, try await run(name))) }
                try? await client.shutdown()
                print(ProfileMatchReport.render(reports))
                return
            }
            report = try await run(profile)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        print(TerminalReport.render(report))
        if let reportJson { try JSONReport.render(report).write(toFile: reportJson, atomically: true, encoding: .utf8) }
        if let reportJunit { try JUnitReport.render(report).write(toFile: reportJunit, atomically: true, encoding: .utf8) }
        if let reportHtml { try HTMLReport.render(report).write(toFile: reportHtml, atomically: true, encoding: .utf8) }
        if report.hasRegressions { throw ExitCode(1) }
    }

    func source(_ label: String, _ url: String, _ client: HTTPClient) -> HTTPSource {
        HTTPSource(label: label, baseURL: url, client: client, timeout: .seconds(Int64(timeout)))
    }

    /// The bridge's side, asking for `profile` when one is given.
    func candidateSide(_ side: any ResponseSource, _ profile: String?) -> any ResponseSource {
        profile.map { HeaderAddingSource(side, name: "X-Legacy-Profile", value: $0) } ?? side
    }

    func live(requestsFile: String, rules: DiffRules, client: HTTPClient, profile: String?) async throws -> DiffReport {
        let text = try String(contentsOfFile: requestsFile, encoding: .utf8)
        let requests = try ReplayRequest.parseLines(text)
        let credentials = LiveTokens(token: token, login: login)
        var runner = DiffRunner(
            rules: rules, primary: source("primary", primary!, client), candidate: candidateSide(source("candidate", candidate!, client), profile),
            secondary: secondary.map { source("secondary", $0, client) },
            tokens: { principal, side in try await credentials.token(on: side) })
        runner.concurrency = jobs
        runner.allowSideEffects = allowSideEffects
        runner.noiseRepeats = noiseRepeats
        // Independent requests: each is its own sequence, so -j runs them in parallel.
        return await runner.run(requests.enumerated().map { [Exchange(name: "line \($0.offset + 1)", request: $0.element)] })
    }

    /// Each fixture file is one session; in-process, each gets a fresh demo bridge.
    func fixtureRun(directory: String, rules: DiffRules, client: HTTPClient, mappingsDirectory: String, logger: Logger, profile: String?)
        async throws -> DiffReport
    {
        let files = try GoldenFile.loadAll(directory: directory)
        let environment = try GoldenEnvironment.load(directory: directory)
        let candidateURL = candidate
        let allowSideEffects = self.allowSideEffects
        let results = try await withThrowingTaskGroup(of: (Int, [ExchangeResult]).self) { group in
            var pending = Array(files.enumerated())[...]
            var collected: [(Int, [ExchangeResult])] = []
            func start(_ index: Int, _ file: GoldenFile) {
                group.addTask {
                    let side: any ResponseSource
                    let mint: FixtureTokens.Mint
                    var cleanup: (@Sendable () async -> Void)?
                    if let candidateURL {
                        side = source("candidate", candidateURL, client)
                        mint = { principal in
                            guard principal == "forged" else {
                                throw TokenUnavailable(reason: "an \(principal) token needs the deployment's key; run in-process")
                            }
                            return try await ForgedToken.make()
                        }
                    } else {
                        let embedded = try await EmbeddedCandidate.start(
                            mappings: mappingsDirectory, environment: environment, logger: logger)
                        side = embedded
                        mint = { principal in try await embedded.mint(principal) }
                        cleanup = { embedded.remove() }
                    }
                    let tokens = FixtureTokens(
                        logins: ["user": DemoSeeder.testUserMobile, "merchant": DemoSeeder.merchantMobile], mint: mint)
                    var runner = DiffRunner(
                        rules: rules, primary: nil, candidate: self.candidateSide(side, profile),
                        tokens: { principal, side in try await tokens.token(for: principal, on: side) })
                    // A fresh in-process bridge is thrown away afterwards; a real one is only changed on request.
                    runner.allowSideEffects = candidateURL == nil || allowSideEffects
                    runner.concurrency = 1
                    let report = await runner.run([FixtureExchanges.exchanges(file)])
                    await cleanup?()
                    return (index, report.results.map { result in
                        var result = result
                        result.name = "\(URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent): \(result.name)"
                        return result
                    })
                }
            }
            for _ in 0..<jobs { if let (index, file) = pending.popFirst() { start(index, file) } }
            while let done = try await group.next() {
                collected.append(done)
                if let (index, file) = pending.popFirst() { start(index, file) }
            }
            return collected.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        return DiffReport(
            primaryLabel: "recording", candidateLabel: candidate ?? "candidate (in-process)", secondaryLabel: nil,
            results: results.enumerated().map { index, result in
                var result = result
                result.id = index
                return result
            })
    }
}

/// `--token` or `--login mobile:code`, resolved once per side.
actor LiveTokens {
    let token: String?
    let login: (mobile: String, code: String)?
    var cache: [String: String] = [:]

    init(token: String?, login: String?) {
        self.token = token
        let parts = login?.split(separator: ":").map(String.init)
        self.login = parts.map { ($0[0], $0[1]) }
    }

    func token(on side: any ResponseSource) async throws -> String? {
        if let token { return token }
        guard let login else { return nil }
        if let cached = cache[side.label] { return cached }
        let body: JSONValue = ["mobile": .string(login.mobile), "verification_code": .string(login.code)]
        let response = await side.send(ReplayRequest(
            method: "POST", path: "/api/auth/login", headers: [("Content-Type", "application/json")], body: Array(body.serialized().utf8)))
        guard let access = response.body?["data"]?["access_token"]?.stringValue else {
            throw FixtureLoginFailed(principal: login.mobile, answer: response.error ?? response.raw)
        }
        cache[side.label] = access
        return access
    }
}

/// A token signed with a throwaway key: what "forged" means.
enum ForgedToken {
    static func make() async throws -> String {
        let key = (0..<4).map { _ in UUID().uuidString }.joined()
        let tokens = await TokenService(secret: key, accessTTL: 3600, refreshTTL: 3600)
        return try await tokens.issue(.access, userId: 1, sessionId: "forged", jti: UUID().uuidString)
    }
}

/// A fresh demo bridge in a temporary data directory, answered in-process.
final class EmbeddedCandidate: ResponseSource, @unchecked Sendable {
    let label = "candidate"
    let baseURL: String? = nil
    let client: InProcessClient
    let engine: V4Engine
    let directory: String

    init(client: InProcessClient, engine: V4Engine, directory: String) {
        self.client = client
        self.engine = engine
        self.directory = directory
    }

    /// A demo bridge set up as the recordings assume (admin password, seeded draws).
    static func start(mappings: String, environment: GoldenEnvironment, logger: Logger) async throws -> EmbeddedCandidate {
        let directory = NSTemporaryDirectory() + "legacy-bridge-diff-" + UUID().uuidString
        let bridge = try await EmbeddedBridge.build(
            EmbeddedBridgeConfiguration(
                core: CoreConfiguration(dataDirectory: directory, mode: .development), mappingsDirectory: mappings,
                demo: true, demoAdminPassword: environment.demoAdminPassword,
                randomness: SeededDrawRandomness(seed: environment.drawSeed)),
            logger: logger)
        return EmbeddedCandidate(client: InProcessClient(router: bridge.router, logger: logger), engine: bridge.engine, directory: directory)
    }

    func send(_ request: ReplayRequest) async -> SideResponse {
        var headers = HTTPFields()
        for (name, value) in request.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let (status, body) = await client.send(
            method: HTTPRequest.Method(request.method) ?? .get, path: request.target, headers: headers,
            body: request.body.map { ByteBuffer(bytes: $0) }, requestID: RequestIdentifier.make(),
            renderError: { _, _ in Response(status: .internalServerError) })
        return SideResponse(status: status.code, raw: String(buffer: body))
    }

    /// `expired`: a token of the demo user, signed with this deployment's key, expired 10 s ago.
    func mint(_ principal: String) async throws -> String {
        switch principal {
        case "expired":
            return try await engine.tokens.issue(.access, userId: 1, sessionId: "expired", jti: UUID().uuidString, lifetime: -10)
        case "forged":
            return try await ForgedToken.make()
        default:
            throw TokenUnavailable(reason: "unknown fixture principal \(principal)")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
