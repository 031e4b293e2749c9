import BridgeKit
import Foundation
import Testing

/// The mappings compiled into the binary are the shipped `Mappings/` files, byte for byte (run
/// `bash scripts/embed-mappings.sh` after editing Mappings/), and `mappings export` writes them.
@Suite struct BuiltInMappingsTests {
    @Test func builtInMappingsAreTheMappingsDirectory() throws {
        let onDisk = try MappingFiles.read(directory: TestBridge.mappingsDirectory)
            .map { (URL(fileURLWithPath: $0.name).lastPathComponent, $0.text) }
        let builtIn = MappingFiles.builtInFiles
        #expect(builtIn.map(\.name) == onDisk.map(\.0), "run bash scripts/embed-mappings.sh")
        for (file, disk) in zip(builtIn, onDisk) {
            #expect(file.text == disk.1, "\(file.name) differs from Mappings/: run bash scripts/embed-mappings.sh")
        }
    }

    @Test func exportWritesThemAndTheBinaryRunsWithoutAMappingsDirectory() async throws {
        let binary = TestBridge.packageRoot + "/.build/debug/legacy-bridge"
        let directory = TestBridge.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (exported, text) = try await OffPool.run {
            try ChildProcess.run(binary, ["mappings", "export", directory + "/copy"], directory: directory)
        }
        #expect(exported == .exit(0), "\(text)")
        let copy = try MappingFiles.read(directory: directory + "/copy").map(\.text)
        #expect(copy == MappingFiles.builtInFiles.map(\.text))
        // From a directory without Mappings/, the differ replays the golden fixtures on the built-in set.
        let (replayed, report) = try await OffPool.run {
            try ChildProcess.run(binary, ["diff", "--fixtures", TestBridge.fixturesDirectory], directory: directory)
        }
        #expect(replayed == .exit(0), "\(report.suffix(2000))")
        #expect(report.contains("TOTAL"))
    }
}
