import BridgeKit

/// How one exchange came out.
public enum Outcome: String, Sendable, Codable {
    case identical
    /// At least one difference that is not noise.
    case differing
    /// Only differences the noise calibration explains.
    case noiseOnly = "noise_only"
    /// A side did not answer (or the request was refused by the runner).
    case error
    /// Not sent: an unsafe method without `--allow-side-effects`, or a case the mode cannot run.
    case skipped
}

/// One replayed request and what each side answered.
@PublicInit
public struct ExchangeResult: Sendable {
    public var id: Int
    public var name: String
    public var endpoint: String
    public var request: ReplayRequest
    public var primary: SideResponse?
    public var candidate: SideResponse?
    public var secondary: SideResponse?
    public var differences: [Difference]
    public var noise: [Difference]
    public var outcome: Outcome
    public var note: String?
    /// Copy-paste commands reproducing the request on each side (label → command).
    public var curl: [(String, String)]
}

/// Per-endpoint counts.
public struct EndpointSummary: Sendable, Equatable {
    public var endpoint: String
    public var requests = 0
    public var identical = 0
    public var differing = 0
    public var noiseOnly = 0
    public var errors = 0
    public var skipped = 0
}

/// Everything a diff run found.
@PublicInit
public struct DiffReport: Sendable {
    public var primaryLabel: String
    public var candidateLabel: String
    public var secondaryLabel: String?
    public var results: [ExchangeResult]
    /// Shadowed live traffic's counts per endpoint (`results` is then a sample); nil for a replay.
    public var live: [LiveCounts]? = nil
    /// With `live`: compared answers without a real difference after which a route is ready.
    public var readyAfter: Int? = nil

    public var endpoints: [EndpointSummary] {
        var table: [String: EndpointSummary] = [:]
        for result in results {
            var summary = table[result.endpoint] ?? EndpointSummary(endpoint: result.endpoint)
            summary.requests += 1
            switch result.outcome {
            case .identical: summary.identical += 1
            case .differing: summary.differing += 1
            case .noiseOnly: summary.noiseOnly += 1
            case .error: summary.errors += 1
            case .skipped: summary.skipped += 1
            }
            table[result.endpoint] = summary
        }
        return table.values.sorted { $0.endpoint < $1.endpoint }
    }

    /// Non-zero exit when anything real differs or failed: what CI gates on.
    public var hasRegressions: Bool { results.contains { $0.outcome == .differing || $0.outcome == .error } }
}
