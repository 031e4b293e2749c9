import BridgeKit
/// What an uploaded file really is, read from its bytes (the file name and the declared type
/// are not trusted): JPEG, PNG or WebP with its pixel size, or nothing. The structure is
/// checked, not only the magic: a PNG signature followed by garbage fails its chunk CRCs, a
/// JPEG needs well-formed segments up to a frame header and an end marker.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp

    @PublicInit
    public struct Probe: Sendable, Equatable {
        public var format: ImageFormat
        public var width: Int
        public var height: Int
    }

    /// The largest side accepted.
    public static let maxSide = 16_384

    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }

    public static func contentType(forKey key: String) -> String {
        allCases.first { key.hasSuffix("." + $0.fileExtension) }?.contentType ?? "application/octet-stream"
    }

    /// The format and size of `bytes`, nil when they are not a well-formed image of a known format.
    public static func probe(_ bytes: [UInt8]) -> Probe? {
        let probe: Probe?
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            probe = jpeg(bytes)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            probe = png(bytes)
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            probe = webp(bytes)
        } else {
            probe = nil
        }
        guard let probe, (1...maxSide).contains(probe.width), (1...maxSide).contains(probe.height) else { return nil }
        return probe
    }

    // MARK: PNG

    static func png(_ b: [UInt8]) -> Probe? {
        var offset = 8
        var size: (Int, Int)?
        var first = true
        while offset + 12 <= b.count {
            let length = Int(be32(b, offset))
            guard length <= b.count - offset - 12 else { return nil }
            let type = Array(b[(offset + 4)..<(offset + 8)])
            guard type.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else { return nil }
            let crc = be32(b, offset + 8 + length)
            guard CRC32.checksum(b[(offset + 4)..<(offset + 8 + length)]) == crc else { return nil }
            if first {
                guard type == Array("IHDR".utf8), length == 13 else { return nil }
                size = (Int(be32(b, offset + 8)), Int(be32(b, offset + 12)))
                first = false
            }
            offset += 12 + length
            if type == Array("IEND".utf8) { return size.map { Probe(format: .png, width: $0.0, height: $0.1) } }
        }
        return nil
    }

    // MARK: JPEG

    static func jpeg(_ b: [UInt8]) -> Probe? {
        var offset = 2
        var size: (Int, Int)?
        while offset + 4 <= b.count {
            guard b[offset] == 0xFF else { return nil }
            let marker = b[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { offset += 2; continue }
            guard marker != 0xD9 else { return nil }  // end before any scan
            let length = Int(b[offset + 2]) << 8 | Int(b[offset + 3])
            guard length >= 2, offset + 2 + length <= b.count else { return nil }
            if [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains(marker) {
                guard length >= 8 else { return nil }
                size = (Int(b[offset + 7]) << 8 | Int(b[offset + 8]), Int(b[offset + 5]) << 8 | Int(b[offset + 6]))
            }
            offset += 2 + length
            if marker == 0xDA {
                // Entropy-coded data follows; a complete file ends with EOI.
                guard let size, hasEndMarker(b, from: offset) else { return nil }
                return Probe(format: .jpeg, width: size.0, height: size.1)
            }
        }
        return nil
    }

    static func hasEndMarker(_ b: [UInt8], from start: Int) -> Bool {
        var index = b.count - 2
        while index >= start {
            if b[index] == 0xFF && b[index + 1] == 0xD9 { return true }
            if b.count - index > 4096 { return false }  // at most a little trailing padding
            index -= 1
        }
        return false
    }

    // MARK: WebP

    static func webp(_ b: [UInt8]) -> Probe? {
        let riffSize = Int(le32(b, 4))
        guard riffSize + 8 <= b.count, b.count >= 30 else { return nil }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        let data = 20
        switch chunk {
        case "VP8 ":
            guard b[data + 3] == 0x9D, b[data + 4] == 0x01, b[data + 5] == 0x2A else { return nil }
            return Probe(format: .webp, width: (Int(b[data + 6]) | Int(b[data + 7]) << 8) & 0x3FFF,
                         height: (Int(b[data + 8]) | Int(b[data + 9]) << 8) & 0x3FFF)
        case "VP8L":
            guard b[data] == 0x2F else { return nil }
            let bits = Int(b[data + 1]) | Int(b[data + 2]) << 8 | Int(b[data + 3]) << 16 | Int(b[data + 4]) << 24
            return Probe(format: .webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            let width = Int(b[data + 4]) | Int(b[data + 5]) << 8 | Int(b[data + 6]) << 16
            let height = Int(b[data + 7]) | Int(b[data + 8]) << 8 | Int(b[data + 9]) << 16
            return Probe(format: .webp, width: width + 1, height: height + 1)
        default:
            return nil
        }
    }

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}

/// CRC-32 (IEEE), as PNG chunks carry it.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
