import BridgeKit
import HTTPTypes
import NIOCore

/// Where a write's first answer lives for repeats that reach another instance (a v2.1 build's
/// retry sent by nginx to B after A timed out): the bridge store on MariaDB implements it.
public protocol SharedReplays: Sendable {
    /// Claims `key` for a run on `instance`: `.claimed` when no live record exists (or the last
    /// one expired), else what the other run left.
    func claim(_ key: String, instance: String, lease: Duration, now: Date) throws -> SharedReplayClaim
    /// The run's end: `answer` kept for `window` (a success named by a key, or an unknown
    /// outcome), or nil to drop the claim (a refusal that changed nothing).
    func finish(_ key: String, answer: LegacyAnswer?, window: Duration, now: Date) throws
    /// A finished answer kept under `key`, if still within its window.
    func kept(_ key: String, now: Date) throws -> LegacyAnswer?
}

public enum SharedReplayClaim: Sendable {
    case claimed
    /// Another instance runs it now.
    case running
    case done(LegacyAnswer)
}

extension LegacyAnswer {
    /// The answer as stored: the status line's code, one `name: value` line per header, an empty
    /// line, the body (HTTP/1.1's own framing, so it reads back exactly).
    public var stored: [UInt8] {
        var text = "\(status.code)\r\n"
        for field in headers { text += "\(field.name.rawName): \(field.value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + Array(body.readableBytesView)
    }

    public init?(stored bytes: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let code = lines.first.flatMap({ Int($0) }), (100..<600).contains(code) else { return nil }
        var headers = HTTPFields()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) else { return nil }
            headers.append(HTTPField(name: name, value: String(line[line.index(after: colon)...].dropFirst())))
        }
        self.init(status: HTTPResponse.Status(code: code), headers: headers, body: ByteBuffer(bytes: bytes[(end + 4)...]))
    }
}
