import Foundation

/// The YAML files of a `Mappings/` directory, read once the same way by the server and the differ.
public enum MappingFiles {
    /// The "directory" naming the mappings compiled into the binary (`scripts/embed-mappings.sh`):
    /// what `serve`, `diff` and `migrate` use when no `Mappings/` directory is given or found.
    public static let builtIn = "built-in"

    /// The compiled-in files, each ending in a newline as on disk.
    public static var builtInFiles: [(name: String, text: String)] {
        BuiltInMappings.files.map { ($0.name, $0.text + "\n") }
    }

    /// (path, text) of every `.yaml` file, sorted by name; unreadable ones fail with their path.
    public static func read(directory: String) throws -> [(name: String, text: String)] {
        if directory == builtIn { return builtInFiles.map { (builtIn + "/" + $0.name, $0.text) } }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw MappingError(file: directory, line: 0, column: 0, reason: "cannot read the mappings directory")
        }
        return try names.map { name in
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw MappingError(file: path, line: 0, column: 0, reason: "cannot read file")
            }
            return (path, text)
        }
    }
}
