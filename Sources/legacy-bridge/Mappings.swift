import ArgumentParser
import BridgeKit
import Foundation

/// `legacy-bridge mappings export DIR`: the compiled-in mappings as files, to start a
/// deployment's own copy (then `serve --mappings DIR`).
struct MappingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings", abstract: "Work with the mapping files.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the built-in mappings into DIR (existing files are kept).")

        @Argument(help: "Directory to write into (created if missing).") var directory: String
        @Flag(help: "Overwrite files that already exist.") var force = false

        func run() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var written = 0
            for file in MappingFiles.builtInFiles {
                let path = directory + "/" + file.name
                if FileManager.default.fileExists(atPath: path) && !force {
                    print("kept \(path) (exists; --force overwrites)")
                    continue
                }
                try file.text.write(toFile: path, atomically: true, encoding: .utf8)
                written += 1
            }
            print("wrote \(written) mapping file(s) to \(directory); serve them with --mappings \(directory)")
        }
    }
}
