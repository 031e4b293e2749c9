import BridgeKit
import Foundation
import ResponseDiff
import Synchronization

/// What shadowed traffic has shown so far: counts per endpoint, the noise learned from the old
/// backend's own repeated answers, a bounded sample of differing pairs (redacted), and which
/// kinds of difference have been seen (each new one is logged once).
public final class ShadowLedger: Sendable {
    struct State {
        var counts: [String: LiveCounts] = [:]
        /// Compared answers in a row without a real difference, per endpoint.
        var streaks: [String: Int] = [:]
        var calibrations: [String: Int] = [:]
        var noise = NoiseModel()
        var samples: [ExchangeResult] = []
        var nextSample = 0
        var kinds: Set<String> = []
        var nextId = 1
    }

    let sampleLimit: Int
    let calibrationCalls: Int
    private let state = Mutex(State())

    init(sampleLimit: Int, calibrationCalls: Int) {
        self.sampleLimit = sampleLimit
        self.calibrationCalls = calibrationCalls
    }

    func count(_ endpoint: String, _ change: (inout LiveCounts) -> Void) {
        state.withLock { state in
            var row = state.counts[endpoint] ?? LiveCounts(endpoint: endpoint)
            change(&row)
            state.counts[endpoint] = row
        }
    }

    /// Counts a compared exchange and keeps the streak a route's readiness is read from.
    func compared(_ endpoint: String, outcome: Outcome) {
        state.withLock { state in
            var row = state.counts[endpoint] ?? LiveCounts(endpoint: endpoint)
            row.compared += 1
            switch outcome {
            case .identical: row.equal += 1
            case .noiseOnly: row.noiseOnly += 1
            default: row.different += 1
            }
            state.counts[endpoint] = row
            state.streaks[endpoint] = outcome == .differing ? 0 : (state.streaks[endpoint] ?? 0) + 1
        }
    }

    /// Whether this safe request of `endpoint` should also calibrate noise (the first few do).
    func takeCalibration(_ endpoint: String) -> Bool {
        state.withLock { state in
            let done = state.calibrations[endpoint] ?? 0
            guard done < calibrationCalls else { return false }
            state.calibrations[endpoint] = done + 1
            return true
        }
    }

    func learnNoise(_ endpoint: String, from differences: [Difference]) {
        state.withLock { $0.noise.learn(endpoint: endpoint, from: differences) }
    }

    /// Real differences and noise.
    func split(_ endpoint: String, _ differences: [Difference]) -> (real: [Difference], noise: [Difference]) {
        state.withLock { state in
            (differences.filter { !state.noise.isNoise($0, endpoint: endpoint) }, differences.filter { state.noise.isNoise($0, endpoint: endpoint) })
        }
    }

    /// The kinds of difference (`endpoint kind path`, array indices generalised) not seen before.
    func newKinds(_ endpoint: String, _ differences: [Difference]) -> [String] {
        state.withLock { state in
            var fresh: [String] = []
            for difference in differences {
                let path = difference.scope == .status ? "status" : PathPattern.generalising(difference.path).description
                let kind = "\(endpoint): \(difference.kind.rawValue) at \(path)"
                if state.kinds.count < 10_000, state.kinds.insert(kind).inserted { fresh.append(kind) }
            }
            return fresh
        }
    }

    /// Keeps a (redacted) pair, the newest `sampleLimit` only.
    func sample(_ make: (Int) -> ExchangeResult) {
        state.withLock { state in
            let result = make(state.nextId)
            state.nextId += 1
            if state.samples.count < sampleLimit {
                state.samples.append(result)
            } else if sampleLimit > 0 {
                state.samples[state.nextSample] = result
                state.nextSample = (state.nextSample + 1) % sampleLimit
            }
        }
    }

    /// The counts (with readiness) and the sample, oldest first.
    public func snapshot(readyAfter: Int) -> (counts: [LiveCounts], samples: [ExchangeResult]) {
        state.withLock { state in
            let counts = state.counts.values.map { row -> LiveCounts in
                var row = row
                row.ready = (state.streaks[row.endpoint] ?? 0) >= readyAfter
                return row
            }.sorted { $0.endpoint < $1.endpoint }
            let samples = Array(state.samples[state.nextSample...] + state.samples[..<state.nextSample])
            return (counts, samples)
        }
    }
}
