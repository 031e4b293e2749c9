#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BridgeKit

/// The proxies whose `X-Forwarded-For` is believed (nginx in front, or a bridge in front of the
/// core): addresses and CIDR blocks, IPv4 and IPv6. With none configured the header is ignored,
/// so a client cannot choose the address it is counted under.
public struct TrustedProxies: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int
    }

    let blocks: [Block]

    public static let none = TrustedProxies(blocks: [])

    init(blocks: [Block]) { self.blocks = blocks }

    /// `["127.0.0.1", "10.0.0.0/8", "::1"]`; a failure names the first entry that is neither.
    public static func parse(_ entries: [String]) -> Result<TrustedProxies, InvalidEntry> {
        var blocks: [Block] = []
        for entry in entries.map({ $0.trimmingSpaces }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else { return .failure(InvalidEntry(entry: entry)) }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { return .failure(InvalidEntry(entry: entry)) }
            blocks.append(Block(bytes: bytes, prefix: prefix))
        }
        return .success(TrustedProxies(blocks: blocks))
    }

    public struct InvalidEntry: Error, Equatable, CustomStringConvertible {
        public let entry: String
        public var description: String { "'\(entry)' is not an IP address or CIDR block" }
    }

    public var isEmpty: Bool { blocks.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return blocks.contains { block in
            guard block.bytes.count == bytes.count else { return false }
            var remaining = block.prefix
            for index in 0..<bytes.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if block.bytes[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The address a request is counted under: the peer, unless the peer is a trusted proxy;
    /// then the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries
    /// further left were written by the client and prove nothing).
    public func clientAddress(peer: String?, forwardedFor: String?) -> String? {
        guard let peer else { return nil }
        guard contains(peer), let forwardedFor else { return peer }
        var client = peer
        for entry in forwardedFor.split(separator: ",").reversed() {
            let candidate = String(entry).trimmingSpaces
            guard Self.bytes(of: candidate) != nil else { break }
            client = candidate
            if !contains(candidate) { break }
        }
        return client
    }

    /// 4 or 16 bytes; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as its IPv4 address.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }
}
