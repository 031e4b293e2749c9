import BridgeKit
import Foundation

/// A recording's multipart request body: text fields and files read from disk, in a fixed
/// order with a fixed boundary, so a recording always sends the same bytes.
enum GoldenMultipart {
    static let boundary = "LegacyFixtureBoundary7d3f"

    static func encode(_ form: JSONValue, relativeTo directory: String, file: String) throws -> ([UInt8], String) {
        var out: [UInt8] = []
        func line(_ text: String) { out.append(contentsOf: Array((text + "\r\n").utf8)) }
        for (name, value) in form["fields"]?.objectValue?.entries ?? [] {
            line("--" + boundary)
            line("Content-Disposition: form-data; name=\"\(name)\"")
            line("")
            line(value.stringValue ?? value.serialized())
        }
        for (name, spec) in form["files"]?.objectValue?.entries ?? [] {
            guard let relative = spec["path"]?.stringValue,
                let data = FileManager.default.contents(atPath: directory + "/" + relative)
            else { throw GoldenFileError(path: file, reason: "multipart file '\(name)' not found") }
            let fileName = spec["filename"]?.stringValue ?? (relative as NSString).lastPathComponent
            line("--" + boundary)
            line("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"")
            line("Content-Type: " + (spec["content_type"]?.stringValue ?? "application/octet-stream"))
            line("")
            out.append(contentsOf: Array(data))
            line("")
        }
        line("--" + boundary + "--")
        return (out, "multipart/form-data; boundary=" + boundary)
    }
}
