import ArgumentParser
import BridgeKit
import Foundation
import LegacyAPI
import V4Contract

/// `legacy-bridge mappings export DIR`: the compiled-in mappings as files, to start a
/// deployment's own copy (then `serve --mappings DIR`).
struct MappingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings", abstract: "Work with the mapping files.", subcommands: [Export.self, OpenAPI.self])

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

extension MappingsCommand {
    /// `legacy-bridge mappings openapi`: the OpenAPI 3.1 description the server serves at
    /// `/openapi.json`, for these mappings and the embedded core (Docs/openapi.json is this output).
    struct OpenAPI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openapi", abstract: "Print (or write) the OpenAPI 3.1 description generated from the mappings.")

        @Option(help: "Mappings directory (default: ./Mappings, else the built-in set).") var mappings: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            let directory = try MappingsLocator.resolve(mappings)
            let set = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: directory)
            let text = OpenAPIDocument.build(set, v4: V4API.all).prettySerialized() + "\n"
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
                print("wrote \(output) (\(set.routes.count) legacy routes, \(V4API.all.count) V4 endpoints)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
