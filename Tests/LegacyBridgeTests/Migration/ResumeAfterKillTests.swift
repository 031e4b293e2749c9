import BridgeKit
import Foundation
import Testing
@testable import Migration

/// `migrate` killed with SIGKILL at random points and re-run with `--resume` ends with a target
/// (every migrated table) and a reject file byte-identical to an uninterrupted run.
@Suite("resume after SIGKILL", .serialized)
struct ResumeAfterKillTests {
    @Test("killed repeatedly at random points, resumed, identical to an uninterrupted run")
    func killAndResume() async throws {
        let directory = try MigrationSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generated = try await MigrationSupport.run(["generate-legacy", "--rows", "40000", "--seed", "11", "-o", "legacy.sql"],
                                                 in: directory)
        #expect(generated.status == 0, "\(generated.output)")
        func arguments(_ target: String, resume: Bool) -> [String] {
            ["migrate", "--from", "dump:legacy.sql", "--to", "sqlite:\(target).sqlite", "--batch-size", "500",
             "--reject-file", "\(target).jsonl", "--mappings", MigrationSupport.mappings] + (resume ? ["--resume"] : [])
        }
        let reference = try await MigrationSupport.run(arguments("reference", resume: false), in: directory)
        #expect(reference.status == 0, "\(reference.output)")
        let expected = try MigrationSupport.contents(of: directory + "/reference.sqlite")
        let expectedRejects = try Data(contentsOf: URL(fileURLWithPath: directory + "/reference.jsonl"))
        #expect((expected["points_records"]?.count ?? 0) > 30_000)

        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        var kills = 0
        for round in 0..<2 {
            let target = "interrupted\(round)"
            // Early attempts are cut short; later ones get longer so the run always ends.
            kills += try await MigrationSupport.killUntilDone({ arguments(target, resume: $0) }, in: directory,
                                                              random: &random, minimumDelay: 0.05, spread: 0.4)
            #expect(try MigrationSupport.contents(of: directory + "/\(target).sqlite") == expected, "round \(round)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/\(target).jsonl")) == expectedRejects)
        }
        #expect(kills >= 3, "the runs were killed \(kills) times")
    }
}
