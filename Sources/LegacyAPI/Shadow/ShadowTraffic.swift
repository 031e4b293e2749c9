import AsyncHTTPClient
import BridgeKit
import Foundation
import Logging
import NIOCore
import ResponseDiff
import ServerKit
import Synchronization

/// Runs the bridge beside the old v2.1 backend on live traffic (Docs/differ.md "Shadow
/// cut-over"): decides which requests are compared, queues them without making the client wait,
/// sends each to the other system with a deadline, and compares the two answers with the
/// differ's rules and noise model. Counts go to `/metrics` and the ledger; `/shadow/report`
/// renders the differ's reports from it.
public final class ShadowTraffic: Sendable {
    public let settings: ShadowSettings
    public let ledger: ShadowLedger
    public let tokens = ShadowTokenMap()
    let rules: DiffRules
    /// The mapped routes by method and segment count (a lookup per request, no copying).
    let routes: [String: [ShadowRoute]]
    let metrics: BridgeMetrics
    let logger: Logger
    /// Whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    let trustedProxies: TrustedProxies
    let client: HTTPClient
    /// Marks the bridge's own side call in `--primary` mode (random per process: a client cannot
    /// send it to skip the proxy).
    let secret: String
    private let selfURL = Mutex<String?>(nil)
    /// Comparisons of logins (routes that may teach a token) running now.
    private let learning = Mutex(0)
    /// Jobs in the queue now (the stream does not say): a full queue is known before an answer
    /// is copied, so a dropped comparison costs the request path nothing.
    private let pending = Mutex(0)
    private let stream: AsyncStream<ShadowJob>
    private let queue: AsyncStream<ShadowJob>.Continuation

    static let internalHeader = "X-Legacy-Shadow"
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length",
    ]

    public init(
        settings: ShadowSettings, mappings: MappingSet, rules: DiffRules, metrics: BridgeMetrics, logger: Logger,
        trustedProxies: TrustedProxies = .none
    ) {
        self.trustedProxies = trustedProxies
        self.settings = settings
        self.ledger = ShadowLedger(sampleLimit: settings.sampleLimit, calibrationCalls: settings.calibrationCalls)
        self.rules = rules
        var routes: [String: [ShadowRoute]] = [:]
        for route in mappings.routes {
            for path in route.paths {
                guard let pattern = EndpointPattern(method: route.method.rawValue, path: path) else { continue }
                routes[pattern.method + " \(pattern.segments.count)", default: []].append(ShadowRoute(pattern: pattern, route: route))
            }
        }
        self.routes = routes
        self.metrics = metrics
        self.logger = logger
        self.client = HTTPClient(eventLoopGroupProvider: .singleton)
        var generator = SystemRandomNumberGenerator()
        self.secret = (0..<4).map { _ in String(generator.next(), radix: 36) }.joined()
        (stream, queue) = AsyncStream.makeStream(of: ShadowJob.self, bufferingPolicy: .bufferingOldest(max(1, settings.queueCapacity)))
    }

    /// Where this server listens, for the bridge's own answer in `--primary` mode.
    public func serving(at url: String) { selfURL.withLock { $0 = url } }

    /// The mapped route a request belongs to (the most specific pattern), if any.
    func route(method: String, path: String) -> ShadowRoute? {
        let tokens = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let candidates = routes[method + " \(tokens.count)"] else { return nil }
        var best: ShadowRoute?
        for candidate in candidates where zip(candidate.segments, tokens).allSatisfy({ $0.hasPrefix(":") || $0 == $1 }) {
            if best == nil || candidate.parameters < best!.parameters { best = candidate }
        }
        return best
    }

    enum Decision: Equatable {
        case compare
        case skip(String)
        case sampledOut
    }

    /// Whether a request is compared: a safe method, or a write the route opts in (never sent
    /// twice to a system that would apply it twice); then the route's share, or the server's.
    func decide(_ route: ShadowRoute, method: String) -> Decision {
        decide(route.route, method: method)
    }

    func decide(_ route: RouteSpec, method: String) -> Decision {
        let safe = ["GET", "HEAD", "OPTIONS"].contains(method)
        guard safe || route.shadow?.writes == true else { return .skip("write") }
        // An opted-in write (a login) is what maps a caller to the other system: it is always
        // compared unless its route sets its own share.
        let percent = route.shadow?.percent ?? (safe ? settings.percent : 100)
        return Int.random(in: 0..<100) < percent ? .compare : .sampledOut
    }

    /// Whether a job would fit in the queue now; when not, it is counted as dropped.
    func hasRoom(_ endpoint: String) -> Bool {
        guard pending.withLock({ $0 }) < max(1, settings.queueCapacity) else {
            ledger.count(endpoint) { $0.dropped += 1 }
            metrics.recordShadow(endpoint: endpoint, outcome: "dropped")
            return false
        }
        return true
    }

    func skipped(_ endpoint: String, reason: String) {
        ledger.count(endpoint) { $0.skipped += 1 }
        metrics.recordShadow(endpoint: endpoint, outcome: "skipped_" + reason)
    }

    /// Queues a comparison; a full queue drops it (counted), never waits.
    func enqueue(_ job: ShadowJob) {
        pending.withLock { $0 += 1 }
        if case .dropped = queue.yield(job) {
            pending.withLock { $0 -= 1 }
            ledger.count(job.endpoint) { $0.dropped += 1 }
            metrics.recordShadow(endpoint: job.endpoint, outcome: "dropped")
        }
    }

    /// Compares queued exchanges, `concurrency` at once, until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            var jobs = stream.makeAsyncIterator()
            while true {
                // A slot first, then the next job: what waits stays in the bounded queue.
                if running >= max(1, settings.concurrency) {
                    await group.next()
                    running -= 1
                }
                guard let job = await jobs.next() else { break }
                pending.withLock { $0 -= 1 }
                let teaches = job.route.route.shadow?.writes == true
                if teaches { learning.withLock { $0 += 1 } }
                group.addTask {
                    await self.compare(job)
                    if teaches { self.learning.withLock { $0 -= 1 } }
                }
                running += 1
            }
        }
    }

    public func shutdown() async {
        queue.finish()
        try? await client.shutdown()
    }

    // MARK: One comparison

    func compare(_ job: ShadowJob) async {
        let endpoint = job.endpoint
        // The request as the other system gets it: the caller's token swapped for its
        // counterpart there; a caller whose token has none is not replayed (another user's
        // answer would be compared).
        var other = job.request
        other.headers.removeAll {
            ["authorization", "x-forwarded-for", Self.internalHeader.lowercased()].contains($0.0.lowercased())
        }
        if let address = job.clientAddress { other.headers.append(("X-Forwarded-For", address)) }
        if let token = Self.bearer(job.request.headers) {
            if let mapped = await counterpart(of: token) {
                other.headers.append(("Authorization", "Bearer " + mapped))
            } else if job.route.route.auth != .none {
                return skipped(endpoint, reason: "identity")
            }
        }
        let old = HTTPSource(label: "old backend", baseURL: settings.oldBackend, client: client, timeout: Self.amount(settings.timeout))
        let oldAnswer: SideResponse, bridgeAnswer: SideResponse
        switch settings.mode {
        case .shadow:
            oldAnswer = await old.send(other)
            bridgeAnswer = job.answered
        case .primary:
            guard let url = selfURL.withLock({ $0 }) else { return skipped(endpoint, reason: "not_listening") }
            other.headers.append((Self.internalHeader, secret))
            let bridge = HTTPSource(label: "bridge", baseURL: url, client: client, timeout: Self.amount(settings.timeout))
            bridgeAnswer = await bridge.send(other)
            oldAnswer = job.answered
        }
        if let error = oldAnswer.error ?? bridgeAnswer.error {
            ledger.count(endpoint) { $0.errored += 1 }
            metrics.recordShadow(endpoint: endpoint, outcome: "errored")
            ledger.sample { id in Self.result(id: id, job: job, old: oldAnswer, bridge: bridgeAnswer, real: [], noise: [], outcome: .error, note: error) }
            return
        }
        // A login (or refresh) both systems answered: the client's token now has a counterpart.
        if (200..<300).contains(oldAnswer.status), (200..<300).contains(bridgeAnswer.status) {
            let (held, otherBody) = settings.mode == .shadow ? (bridgeAnswer.body, oldAnswer.body) : (oldAnswer.body, bridgeAnswer.body)
            tokens.learn(held: held, other: otherBody)
        }
        let comparator = ExchangeComparator(rules: rules)
        if job.request.isSafe, ledger.takeCalibration(endpoint) {
            // The old backend asked again: what differs between two of its own answers is noise.
            let again = await old.send(settings.mode == .shadow ? other : job.request)
            if again.error == nil {
                ledger.learnNoise(endpoint, from: comparator.differences(endpoint: endpoint, primary: oldAnswer, candidate: again))
            }
        }
        let all = comparator.differences(endpoint: endpoint, primary: oldAnswer, candidate: bridgeAnswer)
        let (real, noise) = ledger.split(endpoint, all)
        let outcome: Outcome = !real.isEmpty ? .differing : !noise.isEmpty ? .noiseOnly : .identical
        ledger.compared(endpoint, outcome: outcome)
        metrics.recordShadow(endpoint: endpoint, outcome: outcome == .differing ? "different" : outcome == .noiseOnly ? "noise_only" : "equal")
        guard outcome == .differing else { return }
        for kind in ledger.newKinds(endpoint, real) { logger.notice("shadow: a new difference on \(kind)") }
        ledger.sample { id in Self.result(id: id, job: job, old: oldAnswer, bridge: bridgeAnswer, real: real, noise: noise, outcome: outcome, note: nil) }
    }

    /// The other system's token for `token`; while a login's comparison is still running (the
    /// client's next request usually comes before the old backend's login answer), waited for,
    /// at most the comparison deadline.
    func counterpart(of token: String) async -> String? {
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: settings.timeout)
        while true {
            if let mapped = tokens.other(for: token) { return mapped }
            guard learning.withLock({ $0 }) > 0, clock.now < deadline else { return nil }
            // Cancelled (the server stops): no answer, rather than a loop of sleeps that end at once.
            do { try await Task.sleep(for: .milliseconds(10)) } catch { return nil }
        }
    }

    /// A redacted exchange for the report: no token, no full mobile.
    static func result(
        id: Int, job: ShadowJob, old: SideResponse, bridge: SideResponse, real: [Difference], noise: [Difference], outcome: Outcome,
        note: String?
    ) -> ExchangeResult {
        var request = job.request
        request.headers = ShadowRedaction.headers(request.headers).filter { $0.0.lowercased() != internalHeader.lowercased() }
        request.path = ShadowRedaction.masked(request.path)
        request.body = request.body.map { Array(ShadowRedaction.text(String(decoding: $0, as: UTF8.self), request: true).utf8) }
        func redacted(_ side: SideResponse) -> SideResponse {
            SideResponse(status: side.status, raw: ShadowRedaction.text(side.raw), error: side.error.map(ShadowRedaction.masked))
        }
        func redacted(_ list: [Difference]) -> [Difference] {
            list.map { var d = $0; d.primary = d.primary.map { ShadowRedaction.json($0) }; d.candidate = d.candidate.map { ShadowRedaction.json($0) }; return d }
        }
        return ExchangeResult(
            id: id, name: Timestamp.utc(Date()), endpoint: job.endpoint, request: request, primary: redacted(old),
            candidate: redacted(bridge), secondary: nil, differences: redacted(real), noise: redacted(noise), outcome: outcome,
            note: note.map(ShadowRedaction.masked), curl: [])
    }

    static func bearer(_ headers: [(String, String)]) -> String? {
        guard let value = headers.first(where: { $0.0.lowercased() == "authorization" })?.1, value.hasPrefix("Bearer ") else { return nil }
        let token = String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func amount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    // MARK: Reports

    /// The differ's report of what shadowing has seen: live counts per endpoint and the sample.
    public func report() -> DiffReport {
        let (counts, samples) = ledger.snapshot(readyAfter: settings.readyAfter)
        return DiffReport(
            primaryLabel: "old backend (\(settings.oldBackend))", candidateLabel: "bridge", secondaryLabel: nil, results: samples,
            live: counts, readyAfter: settings.readyAfter)
    }
}

/// One mapped path of a route, as the request path looks it up: shared, never copied.
final class ShadowRoute: Sendable {
    let endpoint: String
    let route: RouteSpec
    let segments: [String]
    /// Fewer parameters: more specific (`/reviews/pending` before `/reviews/:id`).
    let parameters: Int

    init(pattern: EndpointPattern, route: RouteSpec) {
        endpoint = pattern.description
        self.route = route
        segments = pattern.segments
        parameters = pattern.segments.filter { $0.hasPrefix(":") }.count
    }
}
