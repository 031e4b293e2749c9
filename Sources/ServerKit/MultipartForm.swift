import BridgeKit
import Hummingbird
import MultipartKit
import NIOHTTP1
import V4Contract

/// A `multipart/form-data` body: text fields and files by field name (the first of each name
/// wins). Read with a byte limit enforced while the body streams in, so an oversized upload is
/// refused without being held in memory; written by the HTTP transport.
@PublicInit
public struct MultipartForm: Sendable, Equatable {
    public var fields: [String: String] = [:]
    public var files: [String: V4UploadedFile] = [:]

    public enum Failure: Error, Sendable, Equatable {
        /// The body is longer than the limit.
        case tooLarge
        /// Not a multipart body, or one that does not parse.
        case malformed
    }

    /// The boundary of a `multipart/form-data` content type, nil for any other type.
    public static func boundary(ofContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = String(part.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// Reads a request's multipart body, at most `limit` bytes.
    public static func read(_ request: Request, limit: Int) async throws(Failure) -> MultipartForm {
        guard let boundary = boundary(ofContentType: request.headers[.contentType]) else { throw .malformed }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw .tooLarge
        }
        return try parse(buffer, boundary: boundary)
    }

    /// Parses a complete body.
    public static func parse(_ buffer: ByteBuffer, boundary: String) throws(Failure) -> MultipartForm {
        final class Collector {
            var form = MultipartForm()
            var headers: [(String, String)] = []
            var body = ByteBuffer()
            var parts = 0
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers.append((name, value)) }
        parser.onBody = { chunk in collector.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            collector.parts += 1
            defer {
                collector.headers = []
                collector.body = ByteBuffer()
            }
            let disposition = collector.headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let parameters = Self.dispositionParameters(disposition)
            guard let name = parameters["name"] else { return }
            let bytes = Array(collector.body.readableBytesView)
            if let fileName = parameters["filename"] {
                if collector.form.files[name] == nil {
                    let type = collector.headers.first { $0.0.lowercased() == "content-type" }?.1
                    collector.form.files[name] = V4UploadedFile(fileName: fileName, contentType: type, bytes: bytes)
                }
            } else if collector.form.fields[name] == nil {
                collector.form.fields[name] = String(decoding: bytes, as: UTF8.self)
            }
        }
        // multipart-kit 4.7.1 traps on a header-name byte above 0x7F (its allowed-character table
        // has 128 entries and is indexed by the byte): such a body is refused before it is parsed.
        guard Self.headerNamesAreASCII(Array(buffer.readableBytesView), boundary: Array(("--" + boundary).utf8)) else {
            throw .malformed
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw .malformed
        }
        guard collector.parts > 0 else { throw .malformed }
        return collector.form
    }

    /// Whether every header name of every part (the bytes of a header line before its first
    /// colon, or the whole line when it has none) is ASCII. A part's headers follow each
    /// delimiter that is not the closing one, up to the first empty line.
    static func headerNamesAreASCII(_ bytes: [UInt8], boundary: [UInt8]) -> Bool {
        guard !boundary.isEmpty, bytes.count >= boundary.count else { return true }
        var index = 0
        while index <= bytes.count - boundary.count {
            guard bytes[index] == boundary[0], bytes[index..<(index + boundary.count)].elementsEqual(boundary) else {
                index += 1
                continue
            }
            var at = index + boundary.count
            if at + 1 < bytes.count, bytes[at] == UInt8(ascii: "-"), bytes[at + 1] == UInt8(ascii: "-") {
                index = at
                continue
            }
            // Past the delimiter's line: header lines until an empty one.
            while at < bytes.count, bytes[at] != UInt8(ascii: "\n") { at += 1 }
            at += 1
            while at < bytes.count {
                var inName = true
                let start = at
                while at < bytes.count, bytes[at] != UInt8(ascii: "\n") {
                    if bytes[at] == UInt8(ascii: ":") { inName = false }
                    if inName, bytes[at] >= 0x80 { return false }
                    at += 1
                }
                let line = bytes[start..<at]
                at += 1
                if line.isEmpty || line.elementsEqual([UInt8(ascii: "\r")]) { break }
            }
            index = max(at, index + 1)
        }
        return true
    }

    /// `form-data; name="photo"; filename="a.jpg"` → `[name: photo, filename: a.jpg]`.
    static func dispositionParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            result[pair[0].lowercased()] = value
        }
        return result
    }

    /// The body and content type of this form, as a client sends it.
    public func encoded(boundary: String = "LegacyBridge" + String(UInt64.random(in: 0...UInt64.max), radix: 36)) -> (ByteBuffer, String) {
        var parts: [MultipartPart] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Disposition", value: "form-data; name=\"\(Self.quoted(name))\"")
            parts.append(MultipartPart(headers: headers, body: value))
        }
        for (name, file) in files.sorted(by: { $0.key < $1.key }) {
            var headers = HTTPHeaders()
            headers.add(
                name: "Content-Disposition",
                value: "form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(file.fileName ?? "upload"))\"")
            headers.add(name: "Content-Type", value: file.contentType ?? "application/octet-stream")
            parts.append(MultipartPart(headers: headers, body: ByteBuffer(bytes: file.bytes)))
        }
        var buffer = ByteBuffer()
        try? MultipartSerializer().serialize(parts: parts, boundary: boundary, into: &buffer)
        return (buffer, "multipart/form-data; boundary=\(boundary)")
    }

    /// A header parameter value with the characters that would end it removed.
    static func quoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" && $0 != "\\" }.map(Character.init))
    }
}
