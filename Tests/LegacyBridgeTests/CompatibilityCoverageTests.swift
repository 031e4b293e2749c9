import Foundation
import LegacyAPI
import Testing

/// Docs/compatibility.md's endpoint coverage table cannot drift from Mappings.
@Suite struct CompatibilityCoverageTests {
    struct Row: Hashable {
        var method: String
        var path: String
        var served: Bool
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOfFile: TestBridge.packageRoot + "/Docs/compatibility.md", encoding: .utf8)
        let start = try #require(text.range(of: "## Endpoint coverage"))
        let section = text[start.upperBound...].prefix { _ in true }
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].split(separator: "\n").compactMap { line -> Row? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, cells[2].hasPrefix("`") else { return nil }
            return Row(method: cells[1], path: cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`")), served: cells[3] == "served")
        }
    }

    @Test func coverageTableMatchesMappings() throws {
        let mappings = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
        let mapped = Set(mappings.routes.flatMap { route in route.paths.map { "\(route.method.rawValue) \($0)" } })
        let rows = try Self.rows()
        #expect(rows.count >= 40)
        let served = Set(rows.filter { $0.served && $0.method != "WS" }.map { "\($0.method) \($0.path)" })
        #expect(served.subtracting(mapped).isEmpty, "marked served but not mapped: \(served.subtracting(mapped).sorted())")
        #expect(mapped.subtracting(served).isEmpty, "mapped but missing from the table: \(mapped.subtracting(served).sorted())")
        for row in rows where !row.served {
            #expect(!mappings.routes.contains { $0.paths.contains(row.path) }, "\(row.path) is marked not served but is mapped")
        }
        for row in rows where row.method == "WS" {
            #expect(row.served == (mappings.realtime?.paths.contains(row.path) ?? false), "\(row.path)")
        }
    }
}
