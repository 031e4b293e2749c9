import BridgeKit

/// Compares two answers to the same request: HTTP status first, then the legacy envelope
/// (`code`, `msg`, `message`), then the body, under the endpoint's rules.
public struct ExchangeComparator: Sendable {
    public let rules: DiffRules

    public init(rules: DiffRules) { self.rules = rules }

    static let envelopeKeys: Set<String> = ["/code", "/msg", "/message"]

    public func differences(endpoint: String, primary: SideResponse, candidate: SideResponse, primaryIsRecording: Bool = false)
        -> [Difference]
    {
        var out: [Difference] = []
        if primary.status != candidate.status {
            out.append(Difference(
                path: "", kind: .valueChanged, scope: .status, primary: .int(Int64(primary.status)),
                candidate: .int(Int64(candidate.status))))
        }
        switch (primary.body, candidate.body) {
        case (let a?, let b?):
            let options = rules.options(forEndpoint: endpoint, primaryIsRecording: primaryIsRecording)
            for var difference in JSONDiff.diff(primary: a, candidate: b, options: options) {
                if Self.envelopeKeys.contains(difference.path) { difference.scope = .envelope }
                out.append(difference)
            }
        case (nil, nil):
            if primary.raw != candidate.raw {
                out.append(Difference(path: "", kind: .valueChanged, primary: .string(primary.raw), candidate: .string(candidate.raw)))
            }
        default:
            out.append(Difference(
                path: "", kind: .typeChanged, primary: primary.body ?? .string(primary.raw),
                candidate: candidate.body ?? .string(candidate.raw)))
        }
        // Status and envelope first: they are what a client branches on.
        let order: [Difference.Scope: Int] = [.status: 0, .envelope: 1, .body: 2]
        return out.enumerated().sorted { (order[$0.element.scope]!, $0.offset) < (order[$1.element.scope]!, $1.offset) }
            .map(\.element)
    }
}
