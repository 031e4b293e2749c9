import BridgeKit
import Foundation

/// One request of a run; `recorded` is the primary's answer when it comes from a fixture.
public struct Exchange: Sendable {
    public var name: String
    public var request: ReplayRequest
    /// Whose token to send (`default`, or a fixture principal such as `user`); nil sends none.
    public var principal: String?
    public var recorded: SideResponse?

    public init(name: String, request: ReplayRequest, principal: String? = "default", recorded: SideResponse? = nil) {
        self.name = name
        self.request = request
        self.principal = principal
        self.recorded = recorded
    }
}

/// Supplies the bearer token for a principal on one side; nil means "send no token",
/// throwing means the exchange cannot be run on that side.
public typealias TokenProvider = @Sendable (_ principal: String, _ side: any ResponseSource) async throws -> String?

/// Replays exchanges against the sides, calibrates noise, and classifies every difference.
public struct DiffRunner: Sendable {
    public var rules: DiffRules
    public var primary: (any ResponseSource)?
    public var candidate: any ResponseSource
    public var secondary: (any ResponseSource)?
    /// Without a secondary: how many extra calls to the primary calibrate noise (safe requests only).
    public var noiseRepeats = 0
    public var concurrency = 4
    public var allowSideEffects = false
    public var tokens: TokenProvider

    public init(
        rules: DiffRules, primary: (any ResponseSource)?, candidate: any ResponseSource, secondary: (any ResponseSource)? = nil,
        tokens: @escaping TokenProvider
    ) {
        self.rules = rules
        self.primary = primary
        self.candidate = candidate
        self.secondary = secondary
        self.tokens = tokens
    }

    /// Runs sequences concurrently (up to `concurrency` at once); each sequence in order, since a
    /// recorded session (login, act, logout) depends on its order.
    public func run(_ sequences: [[Exchange]]) async -> DiffReport {
        var numbered: [[(Int, Exchange)]] = []
        var next = 0
        for sequence in sequences {
            numbered.append(sequence.map { exchange in
                defer { next += 1 }
                return (next, exchange)
            })
        }
        let collected = await withTaskGroup(of: [Raw].self) { group in
            var pending = numbered[...]
            var results: [Raw] = []
            for _ in 0..<max(1, concurrency) {
                guard let sequence = pending.popFirst() else { break }
                group.addTask { await runSequence(sequence) }
            }
            while let finished = await group.next() {
                results += finished
                if let sequence = pending.popFirst() { group.addTask { await runSequence(sequence) } }
            }
            return results.sorted { $0.id < $1.id }
        }
        return classify(collected)
    }

    struct Raw: Sendable {
        var id: Int
        var exchange: Exchange
        var endpoint: String
        var primary: SideResponse?
        var candidate: SideResponse?
        var secondary: SideResponse?
        var repeats: [SideResponse]
        var sent: [(String, ReplayRequest)]
        var skipped: String?
    }

    func runSequence(_ sequence: [(Int, Exchange)]) async -> [Raw] {
        var out: [Raw] = []
        for (id, exchange) in sequence {
            let endpoint = rules.endpoint(method: exchange.request.method, path: exchange.request.path)
            var raw = Raw(id: id, exchange: exchange, endpoint: endpoint, repeats: [], sent: [])
            if !exchange.request.isSafe && !allowSideEffects {
                raw.skipped = "\(exchange.request.method) has side effects; pass --allow-side-effects to send it"
                out.append(raw)
                continue
            }
            raw.candidate = await send(exchange, to: candidate, raw: &raw)
            if let reason = raw.skipped {
                raw.candidate = nil
                raw.skipped = reason
                out.append(raw)
                continue
            }
            if let recorded = exchange.recorded {
                raw.primary = recorded
            } else if let primary {
                raw.primary = await send(exchange, to: primary, raw: &raw)
                if let secondary {
                    raw.secondary = await send(exchange, to: secondary, raw: &raw)
                } else if exchange.request.isSafe {
                    for _ in 0..<noiseRepeats { raw.repeats.append(await send(exchange, to: primary, raw: &raw)) }
                }
            }
            out.append(raw)
        }
        return out
    }

    func send(_ exchange: Exchange, to side: any ResponseSource, raw: inout Raw) async -> SideResponse {
        var request = exchange.request
        if let principal = exchange.principal {
            do {
                if let token = try await tokens(principal, side) {
                    request.headers.removeAll { $0.0.lowercased() == "authorization" }
                    request.headers.append(("Authorization", "Bearer \(token)"))
                }
            } catch let unavailable as TokenUnavailable {
                raw.skipped = "\(side.label): \(unavailable.reason)"
                return .failure(unavailable.reason)
            } catch {
                return .failure("\(side.label): cannot obtain a token for \(principal): \(error)")
            }
        }
        raw.sent.append((side.label, request))
        return await side.send(request)
    }

    /// Second phase: noise learned over the whole run applies to every exchange of the endpoint.
    func classify(_ raws: [Raw]) -> DiffReport {
        let comparator = ExchangeComparator(rules: rules)
        var noise = NoiseModel()
        for raw in raws {
            guard let primary = raw.primary, primary.error == nil else { continue }
            for other in [raw.secondary].compactMap({ $0 }) + raw.repeats where other.error == nil {
                noise.learn(endpoint: raw.endpoint, from: comparator.differences(endpoint: raw.endpoint, primary: primary, candidate: other))
            }
        }
        let results = raws.map { raw -> ExchangeResult in
            var result = ExchangeResult(
                id: raw.id, name: raw.exchange.name, endpoint: raw.endpoint, request: raw.exchange.request, primary: raw.primary,
                candidate: raw.candidate, secondary: raw.secondary, differences: [], noise: [], outcome: .identical,
                note: raw.skipped, curl: raw.sent.compactMap { label, request in
                    let side = [primary, candidate, secondary].compactMap { $0 }.first { $0.label == label }
                    return side?.baseURL.map { (label, Curl.command(for: request, baseURL: $0)) }
                })
            if raw.skipped != nil {
                result.outcome = .skipped
                return result
            }
            guard let primary = raw.primary, let candidate = raw.candidate else {
                result.outcome = .error
                result.note = "no primary to compare with"
                return result
            }
            if let error = primary.error ?? candidate.error {
                result.outcome = .error
                result.note = error
                return result
            }
            let all = comparator.differences(
                endpoint: raw.endpoint, primary: primary, candidate: candidate, primaryIsRecording: raw.exchange.recorded != nil)
            result.noise = all.filter { noise.isNoise($0, endpoint: raw.endpoint) }
            result.differences = all.filter { !noise.isNoise($0, endpoint: raw.endpoint) }
            result.outcome = !result.differences.isEmpty ? .differing : !result.noise.isEmpty ? .noiseOnly : .identical
            return result
        }
        return DiffReport(
            primaryLabel: primary?.label ?? "recording", candidateLabel: candidate.label, secondaryLabel: secondary?.label,
            results: results)
    }
}
