import ArgumentParser
import Foundation
import Migration

/// `legacy-bridge generate-legacy`: a synthetic legacy mysqldump for benchmarks and tests.
struct GenerateLegacy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-legacy",
        abstract: "Write a synthetic, seeded legacy data set as a mysqldump file.")

    @Option(help: "points_records rows (users, reviews and products scale with it).") var rows = 10_000
    @Option(help: "Seed: the same seed writes the same file.") var seed: UInt64 = 1
    @Option(name: .shortAndLong, help: "Output file ('-' for stdout).") var output = "-"

    func run() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
        let handle: FileHandle
        if output == "-" {
            handle = .standardOutput
        } else {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw ValidationError("cannot create \(output)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        }
        defer { try? handle.close() }
        let generator = LegacyDataGenerator(pointsRecords: rows, seed: seed)
        try generator.write { bytes in try handle.write(contentsOf: bytes) }
        if output != "-" {
            FileHandle.standardError.write(Data(
                "\(output): \(generator.users) users, \(generator.products) products, \(generator.uploadReviews) upload_reviews, \(rows) points_records\n".utf8))
        }
    }
}
