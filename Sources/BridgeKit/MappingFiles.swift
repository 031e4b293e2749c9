import Foundation

/// The YAML files of a `Mappings/` directory, read once the same way by the server and the differ.
public enum MappingFiles {
    /// (path, text) of every `.yaml` file, sorted by name; unreadable ones fail with their path.
    public static func read(directory: String) throws -> [(name: String, text: String)] {
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
