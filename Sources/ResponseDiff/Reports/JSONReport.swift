import BridgeKit

/// `--report-json`: the whole run, keys in a fixed order.
public enum JSONReport {
    public static func render(_ report: DiffReport) -> String {
        func side(_ response: SideResponse?) -> JSONValue {
            guard let response else { return .null }
            return ["status": .int(Int64(response.status)), "body": response.body ?? .string(response.raw),
                    "error": JSONValue(response.error)]
        }
        func differences(_ list: [Difference]) -> JSONValue {
            .array(list.map {
                ["path": .string($0.path), "kind": .string($0.kind.rawValue), "scope": .string($0.scope.rawValue),
                 "primary": $0.primary ?? .null, "candidate": $0.candidate ?? .null]
            })
        }
        let value: JSONValue = [
            "primary": .string(report.primaryLabel),
            "candidate": .string(report.candidateLabel),
            "secondary": JSONValue(report.secondaryLabel),
            "regressions": .bool(report.hasRegressions),
            "ready_after": report.readyAfter.map { .int(Int64($0)) } ?? .null,
            "live": report.live.map { rows in
                .array(rows.map {
                    ["endpoint": .string($0.endpoint), "compared": .int(Int64($0.compared)), "equal": .int(Int64($0.equal)),
                     "different": .int(Int64($0.different)), "noise_only": .int(Int64($0.noiseOnly)), "errored": .int(Int64($0.errored)),
                     "dropped": .int(Int64($0.dropped)), "skipped": .int(Int64($0.skipped)), "ready": .bool($0.ready)]
                })
            } ?? .null,
            "endpoints": .array(report.endpoints.map {
                ["endpoint": .string($0.endpoint), "requests": .int(Int64($0.requests)), "identical": .int(Int64($0.identical)),
                 "differing": .int(Int64($0.differing)), "noise_only": .int(Int64($0.noiseOnly)), "errors": .int(Int64($0.errors)),
                 "skipped": .int(Int64($0.skipped))]
            }),
            "results": .array(report.results.map { result in
                [
                    "id": .int(Int64(result.id)), "name": .string(result.name), "endpoint": .string(result.endpoint),
                    "method": .string(result.request.method), "target": .string(result.request.target),
                    "outcome": .string(result.outcome.rawValue), "note": JSONValue(result.note),
                    "differences": differences(result.differences), "noise": differences(result.noise),
                    "primary": side(result.primary), "candidate": side(result.candidate), "secondary": side(result.secondary),
                    "curl": .object(result.curl.reduce(into: JSONObject()) { $0[$1.0] = .string($1.1) }),
                ]
            }),
        ]
        return value.prettySerialized() + "\n"
    }
}
